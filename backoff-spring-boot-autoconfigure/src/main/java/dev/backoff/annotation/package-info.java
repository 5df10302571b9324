/**
 * The {@code @Retryable} annotation.
 */
@NullMarked
package dev.backoff.annotation;

import org.jspecify.annotations.NullMarked;
