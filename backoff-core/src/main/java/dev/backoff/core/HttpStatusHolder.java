package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A failure that carries its HTTP status itself; every retrier reads it without a
 * {@link StatusCodeExtractor}. Implement it on your own exception types, or register an
 * extractor for types you do not own.
 *
 * @since 0.1.0
 */
public interface HttpStatusHolder {

	/**
	 * Returns the HTTP status.
	 * @return the status, from 100 to 599
	 */
	int httpStatus();

	/**
	 * Returns the wait the server asked for ({@code Retry-After}), if any.
	 * @return the wait, or {@code null}
	 */
	default @Nullable Duration retryAfter() {
		return null;
	}

}
