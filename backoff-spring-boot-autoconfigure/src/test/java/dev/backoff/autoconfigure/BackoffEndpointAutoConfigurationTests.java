package dev.backoff.autoconfigure;

import dev.backoff.actuate.BackoffEndpoint;
import dev.backoff.actuate.BackoffEndpoint.EntryDescriptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=backoff");

	@Test
	void describesEveryEntryWithItsNominalSchedule() {
		this.runner
			.withPropertyValues("backoff.settings.billing.max-tries=3", "backoff.settings.billing.max-time=2s",
					"backoff.settings.growth.strategy=exponential", "backoff.settings.growth.factor=3")
			.run((context) -> {
				BackoffEndpoint.BackoffDescriptor all = context.getBean(BackoffEndpoint.class).backoff();
				assertThat(all.enabled()).isTrue();
				assertThat(all.settings()).containsOnlyKeys("billing", "default", "growth", "interactive");
				EntryDescriptor growth = all.settings().get("growth");
				assertThat(growth.strategy()).as("as written in application.yml").isEqualTo("exponential");
				assertThat(growth.factor()).isEqualTo(3.0);
				EntryDescriptor defaults = all.settings().get("default");
				assertThat(defaults.maxTries()).isEqualTo(11);
				assertThat(defaults.maxTime()).isNull();
				assertThat(defaults.strategy()).isEqualTo("decorrelated-jitter");
				assertThat(defaults.jitter()).isEqualTo("none");
				assertThat(defaults.base()).as("as written in application.yml").isEqualTo("100ms");
				assertThat(defaults.cap()).isEqualTo("90s");
				assertThat(defaults.retryOn()).containsExactly("java.lang.Exception");
				assertThat(defaults.retryOnStatus()).containsExactly(404, 408, 429, 500, 502, 503, 504);
				assertThat(defaults.schedule().summary())
					.isEqualTo("0.2+0.4+0.8+1.6+3.2+6.4+12.8+25.6+51.2+90 = 192.2 s");
				assertThat(defaults.schedule().total()).isEqualTo("192.2s");
				assertThat(defaults.schedule().waits()).hasSize(10).startsWith("0.2s", "0.4s").endsWith("90s");
				assertThat(defaults.status().get(404).maxTries()).isEqualTo(9);
				assertThat(defaults.status().get(404).schedule().total()).isEqualTo("51s");
				assertThat(defaults.status().get(429).maxTime()).isEqualTo("1h");
				assertThat(defaults.status().get(429).schedule().retries()).isEqualTo(45);
				assertThat(defaults.factor()).isNull();
				EntryDescriptor billing = all.settings().get("billing");
				assertThat(billing.maxTime()).isEqualTo("2s");
				assertThat(billing.schedule().summary()).isEqualTo("0.2+0.4 = 0.6 s");
			});
	}

	@Test
	void describesOneEntryAndNothingForAnUnknownName() {
		this.runner.run((context) -> {
			BackoffEndpoint endpoint = context.getBean(BackoffEndpoint.class);
			assertThat(endpoint.entry("interactive").maxTries()).isEqualTo(4);
			assertThat(endpoint.entry("interactive").schedule().summary()).isEqualTo("0.2+0.4+0.8 = 1.4 s");
			assertThat(endpoint.entry("nope")).isNull();
		});
	}

	@Test
	void isNotCreatedUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BackoffEndpoint.class));
	}

	@Test
	void isNotCreatedWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BackoffEndpoint.class));
	}

}
