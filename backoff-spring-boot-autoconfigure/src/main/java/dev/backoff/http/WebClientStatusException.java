package dev.backoff.http;

import java.time.Duration;

import dev.backoff.core.HttpStatusHolder;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Stands for an error response of {@code WebClient} while the engine decides about it: a
 * {@link WebClientResponseException}, the type WebClient throws for an error status, so a
 * {@code retry-on} of {@code WebClientException} keeps retrying statuses. The caller gets
 * the response itself.
 *
 * @since 0.1.0
 */
public final class WebClientStatusException extends WebClientResponseException implements HttpStatusHolder {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable Duration retryAfter;

	WebClientStatusException(int status, HttpHeaders headers, @Nullable Duration retryAfter) {
		super(status, "", headers, null, null);
		this.retryAfter = retryAfter;
	}

	@Override
	public int httpStatus() {
		return getStatusCode().value();
	}

	@Override
	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
