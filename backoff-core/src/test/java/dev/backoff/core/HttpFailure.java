package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** A failure that carries an HTTP status, and the extractor that reads it. */
class HttpFailure extends RuntimeException {

	static final StatusCodeExtractor EXTRACTOR = new StatusCodeExtractor() {

		@Override
		public int status(Throwable failure) {
			return (failure instanceof HttpFailure http) ? http.status : NO_STATUS;
		}

		@Override
		public @Nullable Duration retryAfter(Throwable failure) {
			return ((HttpFailure) failure).retryAfter;
		}

	};

	final int status;

	final @Nullable Duration retryAfter;

	HttpFailure(int status) {
		this(status, null);
	}

	HttpFailure(int status, @Nullable Duration retryAfter) {
		super("HTTP " + status);
		this.status = status;
		this.retryAfter = retryAfter;
	}

}
