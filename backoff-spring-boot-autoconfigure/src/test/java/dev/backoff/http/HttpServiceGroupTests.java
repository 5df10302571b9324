package dev.backoff.http;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffHttpAutoConfiguration;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTP service clients ({@code @HttpExchange} interfaces in {@code @ImportHttpServices}
 * groups) against a real loopback server: Spring Boot's group configurer hands them the
 * retrying interceptor, and {@code backoff.http.groups.<group>.settings} gives a group
 * its own entry.
 */
class HttpServiceGroupTests {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private FlakyServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new FlakyServer();
		this.server.script("/invoices", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "invoice"));
		this.server.script("/items", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "item"));
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffHttpAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
					HttpServiceClientPropertiesAutoConfiguration.class, RestClientAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(Clients.class)
			.withBean(FakeTime.class)
			.withBean("recorder", RetryListener.class, () -> new RetryListener() {

				@Override
				public void onBackoff(RetryEvent event) {
					HttpServiceGroupTests.this.events.add(event.name() + " " + event.status());
				}

			})
			.withPropertyValues("spring.http.serviceclient.billing.base-url=" + this.server.url(""),
					"spring.http.serviceclient.catalog.base-url=" + this.server.url(""),
					"backoff.defaults.strategy=constant", "backoff.defaults.base=1ms",
					"backoff.settings.http.max-tries=2", "backoff.settings.billing.max-tries=4",
					"backoff.http.settings=http");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void theRestClientPropertyReachesEveryGroupsClient() {
		this.runner.withPropertyValues("backoff.http.rest-client.enabled=true").run((context) -> {
			assertThat(context.getBean(BillingApi.class).invoices()).isEqualTo("invoice");
			assertThat(context.getBean(CatalogApi.class).items()).isEqualTo("item");
			assertThat(this.server.requests("/invoices")).isEqualTo(2);
			assertThat(this.server.requests("/items")).isEqualTo(2);
			assertThat(this.events).containsExactly("http 503", "http 503");
		});
	}

	@Test
	void aGroupRetriesUnderItsOwnEntryInPlaceOfTheSharedInterceptor() {
		this.server.script("/invoices", FlakyServer.respond(503, "busy"));
		this.runner
			.withPropertyValues("backoff.http.rest-client.enabled=true", "backoff.http.groups.billing.settings=billing")
			.run((context) -> {
				assertThatExceptionOfType(HttpServerErrorException.class)
					.isThrownBy(() -> context.getBean(BillingApi.class).invoices());
				// billing's four tries, and only billing's: the shared interceptor was
				// replaced, not stacked
				assertThat(this.server.requests("/invoices")).isEqualTo(4);
				assertThat(this.events).containsExactly("billing 503", "billing 503", "billing 503");
				this.events.clear();
				assertThat(context.getBean(CatalogApi.class).items()).isEqualTo("item");
				assertThat(this.events).containsExactly("http 503");
			});
	}

	@Test
	void aNamedGroupRetriesEvenWhenTheRestClientPropertyIsOff() {
		this.runner.withPropertyValues("backoff.http.groups.billing.settings=billing").run((context) -> {
			assertThat(context.getBean(BillingApi.class).invoices()).isEqualTo("invoice");
			assertThat(this.events).containsExactly("billing 503");
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> context.getBean(CatalogApi.class).items());
			assertThat(this.server.requests("/items")).isEqualTo(1);
		});
	}

	@Test
	void aMisspeltGroupStopsStartUpNamingTheClosestGroup() {
		this.runner.withPropertyValues("backoff.http.groups.biling.settings=billing")
			.run((context) -> assertThat(problems(context.getStartupFailure())).containsExactly(
					new Problem("backoff.http.groups.biling names no HTTP service group; did you mean 'billing'?",
							"Rename backoff.http.groups.biling to backoff.http.groups.billing.")));
	}

	@Test
	void aGroupNamingAnUnknownEntryStopsStartUp() {
		this.runner.withPropertyValues("backoff.http.groups.billing.settings=biling")
			.run((context) -> assertThat(problems(context.getStartupFailure())).containsExactly(new Problem(
					"backoff.http.groups.billing.settings names 'biling', which does not exist (the entries are "
							+ "[billing, default, http, interactive])",
					"Add backoff.settings.biling.* to your configuration, or set backoff.http.groups.billing.settings "
							+ "to one of [billing, default, http, interactive].")));
	}

	/**
	 * The problems of the start-up failure, which the failure analyzer reports one per
	 * line.
	 */
	private static List<Problem> problems(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidBackoffConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("the invalid configuration behind %s", failure).isNotNull();
		return ((InvalidBackoffConfigurationException) cause).getProblems();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "billing", types = BillingApi.class)
	@ImportHttpServices(group = "catalog", types = CatalogApi.class)
	static class Clients {

	}

	@HttpExchange
	interface BillingApi {

		@GetExchange("/invoices")
		String invoices();

	}

	@HttpExchange
	interface CatalogApi {

		@GetExchange("/items")
		String items();

	}

}
