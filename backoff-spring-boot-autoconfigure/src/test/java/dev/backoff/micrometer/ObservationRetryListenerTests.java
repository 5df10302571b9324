package dev.backoff.micrometer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffObservationAutoConfiguration;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.test.FakeTime;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ObservationRetryListenerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffObservationAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
		.withPropertyValues("backoff.settings.test.strategy=constant", "backoff.settings.test.base=10ms",
				"backoff.settings.test.max-tries=3");

	@Test
	void aCallThatSucceedsOnItsFirstTryRecordsNothing() {
		this.runner.run((context) -> {
			retrier(context.getBean(RetryRegistry.class)).call(() -> "ok");
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.doesNotHaveAnyObservation();
		});
	}

	@Test
	void aRetriedCallIsOneObservationWithAnEventPerBackoff() {
		this.runner.run((context) -> {
			TestObservationRegistry observations = context.getBean(TestObservationRegistry.class);
			List<Observation.Event> events = new ArrayList<>();
			observations.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {

				@Override
				public void onEvent(Observation.Event event, Observation.Context context) {
					events.add(event);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
			AtomicInteger tries = new AtomicInteger();
			retrier(context.getBean(RetryRegistry.class)).call(() -> {
				if (tries.incrementAndGet() < 3) {
					throw new IOException("down");
				}
				return "ok";
			});
			TestObservationRegistryAssert.assertThat(observations)
				.hasNumberOfObservationsWithNameEqualTo("backoff.retry", 1)
				.hasObservationWithNameEqualTo("backoff.retry")
				.that()
				.hasBeenStarted()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("name", "test")
				.hasLowCardinalityKeyValue("method", "Billing#charge")
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasLowCardinalityKeyValue("reason", "none")
				.hasLowCardinalityKeyValue("exception", "IOException")
				.hasHighCardinalityKeyValue("tries", "3");
			assertThat(events).extracting(Observation.Event::getName).containsExactly("backoff", "backoff");
		});
	}

	@Test
	void aGiveUpEndsTheObservationWithItsReason() {
		this.runner.run((context) -> {
			assertThatIOException().isThrownBy(() -> retrier(context.getBean(RetryRegistry.class)).call(() -> {
				throw new IOException("down");
			}));
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("backoff.retry")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("outcome", "giveup")
				.hasLowCardinalityKeyValue("reason", "max-tries");
		});
	}

	@Test
	void whatARetryDoesIsAChildOfTheRetryObservation() {
		this.runner.run((context) -> {
			ObservationRegistry observations = context.getBean(TestObservationRegistry.class);
			List<String> parents = new ArrayList<>();
			AtomicInteger tries = new AtomicInteger();
			retrier(context.getBean(RetryRegistry.class)).call(() -> {
				Observation current = observations.getCurrentObservation();
				parents.add((current != null) ? current.getContext().getName() : "none");
				if (tries.incrementAndGet() < 2) {
					throw new IOException("down");
				}
				return "ok";
			});
			assertThat(parents).containsExactly("none", "backoff.retry");
		});
	}

	@Test
	void aConventionBeanReplacesTheDefaultNames() {
		this.runner.withBean(BackoffObservationConvention.class, () -> new DefaultBackoffObservationConvention() {
			@Override
			public String getName() {
				return "billing.retry";
			}
		}).run((context) -> {
			assertThatIOException().isThrownBy(() -> retrier(context.getBean(RetryRegistry.class)).call(() -> {
				throw new IOException("down");
			}));
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("billing.retry");
		});
	}

	private static Retrier retrier(RetryRegistry registry) {
		return registry.retrier("test").withLabel("Billing#charge");
	}

}
