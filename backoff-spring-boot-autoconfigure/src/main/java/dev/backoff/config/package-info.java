/**
 * Problems with the retry configuration, as every layer of the starter reports them: the
 * {@code backoff.*} properties, a {@code @Retryable} attribute, a fallback method, a bean
 * name. {@link dev.backoff.config.InvalidBackoffConfigurationException} carries each
 * problem with the property it names and the fix; the auto-configuration's failure
 * analyzer turns it into the start-up report. The package depends on the engine only, so
 * the interceptor, the HTTP support and the auto-configuration can all raise it without
 * depending on each other.
 */
@NullMarked
package dev.backoff.config;

import org.jspecify.annotations.NullMarked;
