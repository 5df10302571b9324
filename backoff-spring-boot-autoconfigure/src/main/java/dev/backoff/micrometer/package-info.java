/**
 * Micrometer counters for retry events.
 */
@NullMarked
package dev.backoff.micrometer;

import org.jspecify.annotations.NullMarked;
