/**
 * Small helpers that go with retrying.
 */
@NullMarked
package dev.backoff.util;

import org.jspecify.annotations.NullMarked;
