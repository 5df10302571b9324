package dev.backoff.http;

import java.time.Duration;

import dev.backoff.core.HttpStatusHolder;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.HttpStatusCodeException;

/**
 * Stands for an error response of {@code RestClient} or {@code RestTemplate} while the
 * engine decides about it. It is an {@link HttpStatusCodeException}, the type those
 * clients throw for an error status, so a {@code retry-on} of {@code RestClientException}
 * or {@code RestClientResponseException} keeps retrying statuses. It reaches the caller
 * only when an interrupt ends the retrying; otherwise the caller gets the response
 * itself.
 *
 * @since 0.1.0
 */
public final class HttpStatusException extends HttpStatusCodeException implements HttpStatusHolder {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable Duration retryAfter;

	HttpStatusException(int status, HttpHeaders headers, @Nullable Duration retryAfter) {
		super(HttpStatusCode.valueOf(status), "", headers, null, null);
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
