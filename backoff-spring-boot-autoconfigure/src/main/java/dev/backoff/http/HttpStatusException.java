package dev.backoff.http;

import java.io.IOException;
import java.time.Duration;

import dev.backoff.core.HttpStatusHolder;
import org.jspecify.annotations.Nullable;

/**
 * Stands for an error response while the retrier decides about it; it never reaches the
 * caller, who gets the response itself. It names the status in events and counters
 * ({@code exception=HttpStatusException}, {@code status=503}).
 *
 * @since 0.1.0
 */
public final class HttpStatusException extends IOException implements HttpStatusHolder {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final transient @Nullable Duration retryAfter;

	HttpStatusException(int status, @Nullable Duration retryAfter) {
		super("HTTP " + status, null);
		this.status = status;
		this.retryAfter = retryAfter;
	}

	@Override
	public int httpStatus() {
		return this.status;
	}

	@Override
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
