package dev.backoff.http;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.backoff.core.StatusCodeExtractor;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;

class HttpStatusCodeExtractorTests {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private final HttpStatusCodeExtractor extractor = new HttpStatusCodeExtractor(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void readsTheStatusOfRestClientExceptions() {
		assertThat(this.extractor.status(HttpClientErrorException.create(HttpStatus.NOT_FOUND, "nf", null, null, null)))
			.isEqualTo(404);
		assertThat(this.extractor.status(new HttpServerErrorException(HttpStatus.SERVICE_UNAVAILABLE))).isEqualTo(503);
	}

	@Test
	void readsTheStatusOfErrorResponsesAndWebClientExceptions() {
		assertThat(this.extractor.status(new ErrorResponseException(HttpStatus.BAD_GATEWAY))).isEqualTo(502);
		assertThat(this.extractor.status(new WebClientResponseException(429, "slow down", null, null, null)))
			.isEqualTo(429);
	}

	@Test
	void searchesTheCauses() {
		RuntimeException wrapped = new IllegalStateException("outer", new UncheckedIOException("io",
				new java.io.IOException(new HttpServerErrorException(HttpStatus.BAD_GATEWAY))));
		assertThat(this.extractor.status(wrapped)).isEqualTo(502);
	}

	@Test
	void findsNoStatusInOtherFailures() {
		assertThat(this.extractor.status(new IllegalStateException())).isEqualTo(StatusCodeExtractor.NO_STATUS);
		assertThat(this.extractor.retryAfter(new IllegalStateException())).isNull();
	}

	@Test
	void readsRetryAfterInSeconds() {
		assertThat(this.extractor.retryAfter(tooManyRequests("2"))).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.extractor.retryAfter(tooManyRequests(" 120 "))).isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void readsRetryAfterAsAnHttpDateRelativeToTheClock() {
		assertThat(this.extractor.retryAfter(tooManyRequests("Mon, 23 Nov 2026 12:00:30 GMT")))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(this.extractor.retryAfter(tooManyRequests("Mon, 23 Nov 2026 11:00:00 GMT"))).isZero();
	}

	@Test
	void hostileRetryAfterValuesCannotCrashOrGoNegative() {
		assertThat(this.extractor.retryAfter(tooManyRequests("-5"))).isNull();
		assertThat(this.extractor.retryAfter(tooManyRequests("soon"))).isNull();
		assertThat(this.extractor.retryAfter(tooManyRequests(""))).isNull();
		assertThat(this.extractor.retryAfter(tooManyRequests("99999999999999999999999999")))
			.isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(this.extractor.retryAfter(tooManyRequests("1.5"))).isNull();
	}

	@Test
	void retryAfterIsReadFromWebClientExceptions() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "7");
		WebClientResponseException failure = new WebClientResponseException(503, "busy", headers, null,
				StandardCharsets.UTF_8);
		assertThat(this.extractor.retryAfter(failure)).isEqualTo(Duration.ofSeconds(7));
	}

	private static HttpClientErrorException tooManyRequests(String retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		return HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "slow down", headers, null, null);
	}

}
