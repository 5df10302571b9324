/**
 * The retry engine: settings, wait strategies, jitter, the retry loop and its time seams.
 * <p>
 * This package imports nothing from Spring, so it can be used (and tested) as plain Java.
 */
@NullMarked
package dev.backoff.core;

import org.jspecify.annotations.NullMarked;
