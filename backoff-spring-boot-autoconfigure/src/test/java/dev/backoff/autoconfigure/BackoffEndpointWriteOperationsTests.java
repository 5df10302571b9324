package dev.backoff.autoconfigure;

import java.util.Map;

import dev.backoff.actuate.BackoffEndpoint;
import dev.backoff.actuate.BackoffEndpoint.EntryDescriptor;
import dev.backoff.core.RetryRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code backoff} endpoint's write operations as the auto-configuration wires them:
 * values set over an entry's configured ones, refused with the start-up message when
 * invalid, shown by the reads, and dropped again. The sample tests the same over HTTP.
 */
class BackoffEndpointWriteOperationsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=backoff",
				"backoff.settings.billing.max-tries=3");

	@Test
	void aPostChangesTheEntryAndTheReadsShowIt() {
		this.runner.run((context) -> {
			BackoffEndpoint endpoint = context.getBean(BackoffEndpoint.class);
			WebEndpointResponse<Object> response = endpoint.configure("billing", "5", "30s", "false", null, "10s",
					"true");
			assertThat(response.getStatus()).isEqualTo(200);
			EntryDescriptor billing = (EntryDescriptor) response.getBody();
			assertThat(billing.maxTries()).isEqualTo(5);
			assertThat(billing.maxTime()).isEqualTo("30s");
			assertThat(billing.cap()).isEqualTo("10s");
			assertThat(billing.enabled()).isFalse();
			assertThat(billing.budget().enabled()).isTrue();
			assertThat(billing.overrides()).containsOnlyKeys("maxTries", "maxTime", "enabled", "cap", "budgetEnabled");
			assertThat(endpoint.backoff().overridden()).containsExactly("billing");
			assertThat(endpoint.backoff().settings().get("default").overrides()).isEmpty();
			assertThat(context.getBean(RetryRegistry.class).settings("billing").maxTries()).isEqualTo(5);
		});
	}

	@Test
	void aBadValueIsA400WithTheStartUpMessage() {
		this.runner.run((context) -> {
			BackoffEndpoint endpoint = context.getBean(BackoffEndpoint.class);
			WebEndpointResponse<Object> response = endpoint.configure("billing", "0", null, null, null, null, null);
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getBody()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("message",
						"Invalid retry configuration:\n- backoff.settings.billing.max-tries was '0' but it must be at least 1");
			assertThat(endpoint.entry("billing").maxTries()).isEqualTo(3);
		});
	}

	@Test
	void aDeleteOrAPostOfNothingReturnsToTheConfiguredValues() {
		this.runner.run((context) -> {
			BackoffEndpoint endpoint = context.getBean(BackoffEndpoint.class);
			endpoint.configure("billing", "5", null, null, null, null, null);
			assertThat(endpoint.reset("billing").getStatus()).isEqualTo(200);
			assertThat(endpoint.entry("billing").maxTries()).isEqualTo(3);
			endpoint.configure("billing", "6", null, null, null, null, null);
			endpoint.configure("billing", null, null, null, null, null, null);
			assertThat(endpoint.entry("billing").maxTries()).isEqualTo(3);
			assertThat(endpoint.backoff().overridden()).isEmpty();
		});
	}

	@Test
	void anUnknownEntryIsA404() {
		this.runner.run((context) -> {
			BackoffEndpoint endpoint = context.getBean(BackoffEndpoint.class);
			assertThat(endpoint.configure("nope", "5", null, null, null, null, null).getStatus()).isEqualTo(404);
			assertThat(endpoint.reset("nope").getStatus()).isEqualTo(404);
			assertThat(Map.copyOf(endpoint.backoff().settings())).doesNotContainKey("nope");
		});
	}

}
