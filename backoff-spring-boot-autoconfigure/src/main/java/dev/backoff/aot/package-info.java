/**
 * Ahead-of-time support: the runtime hints a native image needs for {@code @Retryable}
 * and {@code backoff.*}.
 */
@NullMarked
package dev.backoff.aot;

import org.jspecify.annotations.NullMarked;
