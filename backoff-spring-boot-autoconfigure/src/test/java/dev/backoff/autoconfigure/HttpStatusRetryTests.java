package dev.backoff.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.core.StatusCodeExtractor;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @Retryable} methods that let Spring's HTTP exceptions escape get the per-status
 * rules.
 */
class HttpStatusRetryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Client.class);

	@Test
	void notFoundIsRetriedEightTimes() {
		this.runner.run((context) -> {
			Client client = context.getBean(Client.class);
			assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
				.isThrownBy(() -> client.fail(HttpStatus.NOT_FOUND, null));
			assertThat(client.calls()).isEqualTo(9);
		});
	}

	@Test
	void badRequestIsNotRetried() {
		this.runner.run((context) -> {
			Client client = context.getBean(Client.class);
			assertThatExceptionOfType(HttpClientErrorException.BadRequest.class)
				.isThrownBy(() -> client.fail(HttpStatus.BAD_REQUEST, null));
			assertThat(client.calls()).isEqualTo(1);
		});
	}

	@Test
	void retryAfterDrivesTheWait() {
		this.runner.withPropertyValues("backoff.settings.default.status.429.max-tries=2").run((context) -> {
			Client client = context.getBean(Client.class);
			assertThatExceptionOfType(HttpClientErrorException.TooManyRequests.class)
				.isThrownBy(() -> client.fail(HttpStatus.TOO_MANY_REQUESTS, "2"));
			assertThat(context.getBean(FakeTime.class).waits()).containsExactly(Duration.ofSeconds(2));
		});
	}

	@Test
	void aRetryAfterAboveTheCapEndsRetryingAtOnce() {
		this.runner
			.withPropertyValues("backoff.settings.default.status.429.max-tries=2", "backoff.settings.default.cap=30s")
			.run((context) -> {
				Client client = context.getBean(Client.class);
				assertThatExceptionOfType(HttpClientErrorException.TooManyRequests.class)
					.isThrownBy(() -> client.fail(HttpStatus.TOO_MANY_REQUESTS, "120"));
				assertThat(context.getBean(FakeTime.class).waits()).isEmpty();
			});
	}

	@Test
	void aUsersOwnExtractorIsAskedFirst() {
		StatusCodeExtractor teapots = (failure) -> (failure instanceof IllegalStateException) ? 418
				: StatusCodeExtractor.NO_STATUS;
		this.runner.withBean(StatusCodeExtractor.class, () -> teapots).run((context) -> {
			Client client = context.getBean(Client.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(client::teapot);
			assertThat(client.calls()).isEqualTo(1);
		});
	}

	public static class Client {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Retryable
		public String fail(HttpStatus status, String retryAfter) {
			this.calls.incrementAndGet();
			HttpHeaders headers = new HttpHeaders();
			if (retryAfter != null) {
				headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
			}
			throw HttpClientErrorException.create(status, status.getReasonPhrase(), headers, null, null);
		}

		@Retryable
		public String teapot() {
			this.calls.incrementAndGet();
			throw new IllegalStateException("I'm a teapot");
		}

	}

}
