/**
 * Auto-configuration of the retry engine, its settings from {@code backoff.*}, and the
 * {@code @Retryable} advice.
 */
@NullMarked
package dev.backoff.autoconfigure;

import org.jspecify.annotations.NullMarked;
