package dev.backoff.http;

import java.io.IOException;

import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffHttpAutoConfiguration;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffHttpAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffHttpAutoConfiguration.class,
				org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration.class,
				org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration.class,
				org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withPropertyValues("backoff.settings.http.strategy=constant", "backoff.settings.http.base=1ms",
				"backoff.http.settings=http");

	private FlakyServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new FlakyServer();
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void onePropertyAddsRetryingToTheAutoConfiguredRestClient() {
		this.runner.withPropertyValues("backoff.http.rest-client.enabled=true").run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(client.get().uri(this.server.url("/a")).retrieve().body(String.class)).isEqualTo("ok");
			assertThat(this.server.requests("/a")).isEqualTo(2);
		});
	}

	@Test
	void onePropertyAddsRetryingToTheRestTemplateBuilder() {
		this.runner.withPropertyValues("backoff.http.rest-client.enabled=true").run((context) -> {
			RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
			assertThat(template.getForObject(this.server.url("/a"), String.class)).isEqualTo("ok");
			assertThat(this.server.requests("/a")).isEqualTo(2);
		});
	}

	@Test
	void withoutThePropertyClientsAreLeftAlone() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RetryingClientHttpRequestInterceptor.class);
			RestClient client = context.getBean(RestClient.Builder.class).build();
			Integer status = client.get()
				.uri(this.server.url("/a"))
				.exchange((request, response) -> response.getStatusCode().value());
			assertThat(status).isEqualTo(503);
			assertThat(this.server.requests("/a")).isEqualTo(1);
		});
	}

	@Test
	void anUnknownSettingsEntryFailsAtStartUp() {
		this.runner.withPropertyValues("backoff.http.settings=htp").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("backoff.http.settings names 'htp', which does not exist");
		});
	}

}
