package dev.backoff.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.WaitStrategy;
import dev.backoff.core.test.FakeTime;
import dev.backoff.micrometer.MicrometerRetryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class BackoffMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffMetricsAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("backoff.settings.test.strategy=constant", "backoff.settings.test.base=10ms",
				"backoff.settings.test.max-tries=3", "backoff.settings.budget.strategy=constant",
				"backoff.settings.budget.base=400ms", "backoff.settings.budget.jitter=none",
				"backoff.settings.budget.max-time=1s");

	@Test
	void successOnTheFirstTry() {
		this.runner.run((context) -> {
			retrier(context.getBean(RetryRegistry.class), "test").call(() -> "ok");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.success", "exception", "none")).isEqualTo(1);
			assertThat(count(meters, "backoff.backoff")).isZero();
			assertThat(count(meters, "backoff.giveup")).isZero();
			assertThat(
					meters.get("backoff.success").tag("method", "Billing#charge").functionCounter().getId().getTags())
				.extracting("key", "value")
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("name", "test"),
						org.assertj.core.groups.Tuple.tuple("method", "Billing#charge"),
						org.assertj.core.groups.Tuple.tuple("exception", "none"),
						org.assertj.core.groups.Tuple.tuple("status", "none"));
		});
	}

	@Test
	void successAfterRetries() {
		this.runner.run((context) -> {
			AtomicInteger tries = new AtomicInteger();
			retrier(context.getBean(RetryRegistry.class), "test").call(() -> {
				if (tries.incrementAndGet() < 3) {
					throw new IOException("down");
				}
				return "ok";
			});
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.success")).isEqualTo(1);
			assertThat(count(meters, "backoff.backoff", "exception", "IOException")).isEqualTo(2);
			assertThat(count(meters, "backoff.giveup")).isZero();
		});
	}

	@Test
	void giveUpByMaxTries() {
		this.runner.run((context) -> {
			failAlways(context.getBean(RetryRegistry.class), "test", new IOException("down"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.backoff")).isEqualTo(2);
			assertThat(count(meters, "backoff.giveup", "reason", "max-tries", "exception", "IOException")).isEqualTo(1);
			assertThat(count(meters, "backoff.success")).isZero();
		});
	}

	@Test
	void giveUpByMaxTime() {
		this.runner.run((context) -> {
			failAlways(context.getBean(RetryRegistry.class), "budget", new IOException("down"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// 400 ms, 400 ms, then a wait cut to 200 ms that ends at the 1 s deadline
			assertThat(count(meters, "backoff.backoff")).isEqualTo(3);
			assertThat(count(meters, "backoff.giveup", "reason", "max-time")).isEqualTo(1);
		});
	}

	@Test
	void giveUpOnANonRetryableException() {
		this.runner.withPropertyValues("backoff.settings.test.retry-on=java.io.IOException").run((context) -> {
			failAlways(context.getBean(RetryRegistry.class), "test", new IllegalStateException("bug"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.backoff")).isZero();
			assertThat(count(meters, "backoff.giveup", "reason", "not-retryable", "exception", "IllegalStateException"))
				.isEqualTo(1);
		});
	}

	@Test
	void giveUpOnANonRetryableStatusIsTaggedWithTheStatus() {
		this.runner.run((context) -> {
			failAlways(context.getBean(RetryRegistry.class), "test",
					HttpClientErrorException.create(HttpStatus.BAD_REQUEST, "bad", null, null, null));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.giveup", "reason", "not-retryable", "status", "400")).isEqualTo(1);
		});
	}

	@Test
	void concurrentCallsLoseNoIncrements() {
		this.runner.withPropertyValues("backoff.settings.test.base=0ms").run((context) -> {
			Retrier retrier = retrier(context.getBean(RetryRegistry.class), "test");
			int threads = 8;
			int calls = 250;
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					for (int i = 0; i < calls; i++) {
						AtomicInteger tries = new AtomicInteger();
						retrier.call(() -> {
							if (tries.incrementAndGet() < 2) {
								throw new IOException();
							}
							return "ok";
						});
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			pool.shutdown();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.success")).isEqualTo(threads * calls);
			assertThat(count(meters, "backoff.backoff")).isEqualTo(threads * calls);
		});
	}

	@Test
	void aRetryableMethodsMetersExistAtZeroOnceItsBeanIsCreated() {
		this.runner.withBean(Billing.class).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			for (String meter : new String[] { "backoff.success", "backoff.backoff", "backoff.giveup" }) {
				assertThat(Search.in(meters).name(meter).tag("method", "Billing#charge").meters()).as(meter).hasSize(1);
				assertThat(count(meters, meter, "method", "Billing#charge")).as(meter).isZero();
			}
			assertThat(meters.get("backoff.giveup").tag("method", "Billing#charge").counter().getId().getTag("reason"))
				.isEqualTo("none");
		});
	}

	@Test
	void retryableMethodsAreCountedOnTheFastPathAndAfterFailures() {
		this.runner.withBean(Billing.class).run((context) -> {
			Billing billing = context.getBean(Billing.class);
			billing.charge(0);
			billing.charge(0);
			billing.charge(1);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.success", "name", "test", "method", "Billing#charge", "exception", "none",
					"status", "none"))
				.isEqualTo(3);
			assertThat(count(meters, "backoff.backoff", "method", "Billing#charge", "exception", "IOException"))
				.isEqualTo(1);
			assertThat(billing.calls()).isEqualTo(4);
		});
	}

	@Test
	void metricsCanBeSwitchedOff() {
		this.runner.withPropertyValues("backoff.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MicrometerRetryListener.class));
	}

	@Test
	void withoutAMeterRegistryThereIsNoListener() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerRetryListener.class));
	}

	@Test
	void theListenerCountsForEveryRetrierOfTheRegistry() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			registry.retrier("interactive").call(() -> "ok");
			RetryDrivers
				.newRetrier(registry, "adhoc", RetrySettings.builder().strategy(WaitStrategy.constant()).build())
				.call(() -> "ok");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "backoff.success", "name", "interactive")).isEqualTo(1);
			assertThat(count(meters, "backoff.success", "name", "adhoc")).isEqualTo(1);
		});
	}

	private static Retrier retrier(RetryRegistry registry, String name) {
		return registry.retrier(name).withLabel("Billing#charge");
	}

	private static void failAlways(RetryRegistry registry, String name, Exception failure) {
		assertThatException().isThrownBy(() -> retrier(registry, name).call(() -> {
			throw failure;
		})).isSameAs(failure);
	}

	private static double count(MeterRegistry meters, String name, String... tags) {
		Search search = Search.in(meters).name(name).tags(tags);
		return search.counters().stream().mapToDouble((c) -> c.count()).sum()
				+ search.functionCounters().stream().mapToDouble((c) -> c.count()).sum();
	}

	public static class Billing {

		private final AtomicInteger calls = new AtomicInteger();

		private final AtomicInteger failuresLeft = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@dev.backoff.annotation.Retryable("test")
		public String charge(int failures) throws IOException {
			this.calls.incrementAndGet();
			if (failures > 0 && this.failuresLeft.compareAndSet(0, failures)) {
				throw new IOException("declined");
			}
			if (this.failuresLeft.get() > 0) {
				this.failuresLeft.decrementAndGet();
			}
			return "charged";
		}

	}

}
