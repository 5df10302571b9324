package dev.backoff.http;

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
 * {@link RestClientResponseException} (RestClient, RestTemplate), {@link ErrorResponse},
 * and WebClient's {@code WebClientResponseException} when WebFlux is present. The
 * failure's causes are searched too, a few levels deep.
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
			return (trimmed.length() > 18) ? Duration.ofSeconds(Long.MAX_VALUE)
					: Duration.ofSeconds(Long.parseLong(trimmed));
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
		return switch (Carrier.of(failure)) {
			case REST_CLIENT -> ((RestClientResponseException) failure).getStatusCode().value();
			case ERROR_RESPONSE -> ((ErrorResponse) failure).getStatusCode().value();
			case WEB_CLIENT -> WebClientStatus.statusOf(failure);
			case NONE -> NO_STATUS;
		};
	}

	private static @Nullable HttpHeaders headersOf(Throwable failure) {
		return switch (Carrier.of(failure)) {
			case REST_CLIENT -> ((RestClientResponseException) failure).getResponseHeaders();
			case ERROR_RESPONSE -> ((ErrorResponse) failure).getHeaders();
			case WEB_CLIENT -> WebClientStatus.headersOf(failure);
			case NONE -> null;
		};
	}

	/**
	 * Which of Spring's HTTP exceptions a failure is, found once per class: every failure
	 * is asked, most carry no status, and on JDK 17 an interface {@code instanceof} that
	 * fails ({@code ErrorResponse}) scans the class's supertypes, about 12 ns each time.
	 */
	private enum Carrier {

		REST_CLIENT, ERROR_RESPONSE, WEB_CLIENT, NONE;

		private static final ClassValue<Carrier> BY_CLASS = new ClassValue<>() {

			@Override
			protected Carrier computeValue(Class<?> type) {
				if (RestClientResponseException.class.isAssignableFrom(type)) {
					return REST_CLIENT;
				}
				if (ErrorResponse.class.isAssignableFrom(type)) {
					return ERROR_RESPONSE;
				}
				return (webClientPresent && WebClientStatus.is(type)) ? WEB_CLIENT : NONE;
			}

		};

		static Carrier of(Throwable failure) {
			return BY_CLASS.get(failure.getClass());
		}

	}

	/** Loaded only when WebFlux is on the classpath. */
	private static final class WebClientStatus {

		static boolean is(Class<?> type) {
			return WebClientResponseException.class.isAssignableFrom(type);
		}

		static int statusOf(Throwable failure) {
			return ((WebClientResponseException) failure).getStatusCode().value();
		}

		static HttpHeaders headersOf(Throwable failure) {
			return ((WebClientResponseException) failure).getHeaders();
		}

	}

}
