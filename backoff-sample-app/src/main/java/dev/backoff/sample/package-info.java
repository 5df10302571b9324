/**
 * The sample application: a flaky downstream and every retry style against it.
 */
@NullMarked
package dev.backoff.sample;

import org.jspecify.annotations.NullMarked;
