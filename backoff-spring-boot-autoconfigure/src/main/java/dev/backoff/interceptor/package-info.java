/**
 * The {@code @Retryable} advice: a method interceptor, the post-processor that applies
 * it, and the per-method resolution of settings.
 */
@NullMarked
package dev.backoff.interceptor;

import org.jspecify.annotations.NullMarked;
