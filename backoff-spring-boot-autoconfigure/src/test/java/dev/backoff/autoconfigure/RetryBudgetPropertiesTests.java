package dev.backoff.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.actuate.BackoffEndpoint;
import dev.backoff.core.BudgetSettings;
import dev.backoff.core.GiveUpReason;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.test.FakeTime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The retry budget as configured in {@code backoff.*}: inherited, validated at start-up,
 * rationing retries, and visible as a gauge and in the endpoint.
 */
class RetryBudgetPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffMetricsAutoConfiguration.class,
				BackoffEndpointAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(SimpleMeterRegistry.class)
		.withBean(GiveUps.class)
		.withPropertyValues("backoff.settings.tight.strategy=constant", "backoff.settings.tight.base=0ms",
				"backoff.settings.tight.budget.capacity=10", "management.endpoints.web.exposure.include=backoff");

	@Test
	void budgetsAreOffByDefaultAndInheritTheDefaultsKeyByKey() {
		this.runner.withPropertyValues("backoff.defaults.budget.enabled=true", "backoff.defaults.budget.retry-cost=2")
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				assertThat(RetrySettingsDefaults.budget()).isEqualTo(BudgetSettings.DEFAULTS);
				assertThat(registry.settings("default").budget()).isEqualTo(new BudgetSettings(true, 500, 2, 1, 0));
				assertThat(registry.settings("tight").budget()).isEqualTo(new BudgetSettings(true, 10, 2, 1, 0));
			});
		this.runner.run((context) -> assertThat(context.getBean(RetryRegistry.class).settings("default").budget())
			.isEqualTo(BudgetSettings.DEFAULTS));
	}

	@Test
	void anInvalidBudgetStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("backoff.settings.tight.budget.capacity=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new BackoffConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.isEqualTo("Invalid retry configuration:\n"
						+ "- backoff.settings.tight.budget.capacity was '0' but it must be at least 1");
		});
	}

	@Test
	void anEnabledBudgetRationsRetriesAndShowsItsTokens() {
		this.runner.withPropertyValues("backoff.settings.tight.budget.enabled=true").run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			AtomicInteger tries = new AtomicInteger();
			assertThatIOException().isThrownBy(() -> registry.retrier("tight").call(() -> {
				tries.incrementAndGet();
				throw new IOException("down");
			}));
			// the first try is free; 10 tokens pay for two retries of 5
			assertThat(tries).hasValue(3);
			assertThat(context.getBean(GiveUps.class).reasons).containsExactly(GiveUpReason.BUDGET);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("backoff.budget.tokens").tag("name", "tight").gauge().value()).isZero();
			assertThat(meters.get("backoff.budget.tokens").tag("name", "default").gauge().value()).isEqualTo(500);
			BackoffEndpoint.BudgetDescriptor budget = context.getBean(BackoffEndpoint.class).entry("tight").budget();
			assertThat(budget).isEqualTo(new BackoffEndpoint.BudgetDescriptor(true, 10, 5, 1, 0, 0));
			registry.retrier("tight").call(() -> "ok");
			assertThat(meters.get("backoff.budget.tokens").tag("name", "tight").gauge().value()).isEqualTo(1);
		});
	}

	/** The built-in defaults, as an entry with no budget keys gets them. */
	private static final class RetrySettingsDefaults {

		static BudgetSettings budget() {
			return dev.backoff.core.RetrySettings.defaults().budget();
		}

	}

	static class GiveUps implements RetryListener {

		final List<GiveUpReason> reasons = new CopyOnWriteArrayList<>();

		@Override
		public void onGiveUp(RetryEvent event) {
			this.reasons.add(event.reason());
		}

	}

}
