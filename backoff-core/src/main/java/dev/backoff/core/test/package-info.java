/**
 * Test support for code that retries: {@link dev.backoff.core.test.FakeTime}, one fake
 * for the three time seams, so tests never sleep for real. Part of the engine's jar, so a
 * test needs no extra dependency.
 */
@NullMarked
package dev.backoff.core.test;

import org.jspecify.annotations.NullMarked;
