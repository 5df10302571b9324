package dev.backoff.http;

import java.io.IOException;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffHttpAutoConfiguration;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code @Retryable} method that calls a RestClient with the retrying interceptor: both
 * layers use the default entry (11 tries), so retrying at each would send 11 x 11 = 121
 * requests for one call. The inner layer makes one try per outer try instead, for the
 * failures that the outer layer would retry; it retries the others itself.
 */
class NestedRetryTests {

	private FlakyServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffHttpAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Downstream.class);

	@BeforeEach
	void startServer() throws IOException {
		this.server = new FlakyServer();
		this.server.script("/down", FlakyServer.respond(503, "down"));
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void retryingAtTwoLayersSendsElevenRequestsNotOneHundredAndTwentyOne() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			RestClient client = client(context.getBean(RetryingClientHttpRequestInterceptor.class));
			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> downstream.fetch(client, this.server.url("/down")));
			assertThat(this.server.requests("/down")).isEqualTo(11);
		});
	}

	@Test
	void nestedAllowRetriesAtEveryLayer() {
		this.runner.withPropertyValues("backoff.nested=allow", "backoff.settings.default.max-tries=3")
			.run((context) -> {
				Downstream downstream = context.getBean(Downstream.class);
				RestClient client = client(context.getBean(RetryingClientHttpRequestInterceptor.class));
				assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
					.isThrownBy(() -> downstream.fetch(client, this.server.url("/down")));
				assertThat(this.server.requests("/down")).isEqualTo(9);
			});
	}

	@Test
	void anErrorStatusTheOuterLayerWouldNotRetryIsRetriedByTheInterceptor() {
		this.runner.withBean(NotHttp.class).run((context) -> {
			NotHttp notHttp = context.getBean(NotHttp.class);
			RestClient client = client(context.getBean(RetryingClientHttpRequestInterceptor.class));
			assertThatExceptionOfType(HttpServerErrorException.ServiceUnavailable.class)
				.isThrownBy(() -> notHttp.fetch(client, this.server.url("/down")));
			assertThat(this.server.requests("/down")).isEqualTo(11);
		});
	}

	private static RestClient client(RetryingClientHttpRequestInterceptor interceptor) {
		return RestClient.builder()
			.requestFactory(new SimpleClientHttpRequestFactory())
			.requestInterceptor(interceptor)
			.build();
	}

	static class Downstream {

		@Retryable
		String fetch(RestClient client, String url) {
			return client.get().uri(url).retrieve().body(String.class);
		}

	}

	static class NotHttp {

		@Retryable(retryOn = IllegalStateException.class)
		String fetch(RestClient client, String url) {
			return client.get().uri(url).retrieve().body(String.class);
		}

	}

}
