package dev.backoff.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.backoff.core.StatusCodeExtractor;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Reads the HTTP status and {@code Retry-After} from Spring's HTTP exceptions:
 * {@link RestClientResponseException} (RestClient, RestTemplate), {@link ErrorResponse}, and
 * WebClient's {@code WebClientResponseException} when WebFlux is present. The failure's causes
 * are searched too, a few levels deep.
 * <p>
 * {@code Retry-After} is read in both forms: delta-seconds and HTTP-date (relative to the
 * clock). A value that parses as neither is ignored.
 *
 * @since 0.1.0
 */
public final class HttpStatusCodeExtractor implements StatusCodeExtractor {

	private static final int MAX_DEPTH = 5;

	private static final boolean webClientPresent = ClassUtils.isPresent(
			"org.springframework.web.reactive.function.client.WebClientResponseException",
			HttpStatusCodeExtractor.class.getClassLoader());

	private final Clock clock;

	/**
	 * Creates an extractor.
	 * @param clock the clock that HTTP-date {@code Retry-After} values are relative to
	 */
	public HttpStatusCodeExtractor(Clock clock) {
		this.clock = clock;
	}

	@Override
	public int status(Throwable failure) {
		Throwable carrier = carrier(failure);
		return (carrier != null) ? statusOf(carrier) : NO_STATUS;
	}

	@Override
	public @Nullable Duration retryAfter(Throwable failure) {
		Throwable carrier = carrier(failure);
		HttpHeaders headers = (carrier != null) ? headersOf(carrier) : null;
		return (headers != null) ? retryAfter(headers, this.clock) : null;
	}

	/**
	 * Parses a {@code Retry-After} header.
	 * @param headers the response headers
	 * @param clock the clock for the HTTP-date form
	 * @return the wait, never negative; {@code null} if absent or unreadable
	 */
	public static @Nullable Duration retryAfter(HttpHeaders headers, Clock clock) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			return (trimmed.length() > 18) ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofSeconds(Long.parseLong(trimmed));
		}
		try {
			long epochMillis = headers.getFirstDate(HttpHeaders.RETRY_AFTER);
			Duration wait = Duration.ofMillis(epochMillis - clock.millis());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable Throwable carrier(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (statusOf(current) != NO_STATUS) {
				return current;
			}
			current = current.getCause();
		}
		return null;
	}

	private static int statusOf(Throwable failure) {
		if (failure instanceof RestClientResponseException response) {
			return response.getStatusCode().value();
		}
		if (failure instanceof ErrorResponse response) {
			return response.getStatusCode().value();
		}
		if (webClientPresent) {
			return WebClientStatus.statusOf(failure);
		}
		return NO_STATUS;
	}

	private static @Nullable HttpHeaders headersOf(Throwable failure) {
		if (failure instanceof RestClientResponseException response) {
			return response.getResponseHeaders();
		}
		if (failure instanceof ErrorResponse response) {
			return response.getHeaders();
		}
		return webClientPresent ? WebClientStatus.headersOf(failure) : null;
	}

	/** Loaded only when WebFlux is on the classpath. */
	private static final class WebClientStatus {

		static int statusOf(Throwable failure) {
			return (failure instanceof WebClientResponseException response) ? response.getStatusCode().value()
					: NO_STATUS;
		}

		static @Nullable HttpHeaders headersOf(Throwable failure) {
			return (failure instanceof WebClientResponseException response) ? response.getHeaders() : null;
		}

	}

}
