/**
 * Auto-configuration of the retry engine, its settings from {@code backoff.*}, and the
 * {@code @Retryable} advice: the top of the starter, which wires the packages below it
 * (and registers their native-image hints ahead of time) and which none of them depends
 * on.
 */
@NullMarked
package dev.backoff.autoconfigure;

import org.jspecify.annotations.NullMarked;
