package dev.backoff.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.backoff.core.Jitter;
import dev.backoff.core.OutcomeWait;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.Schedule;
import dev.backoff.core.Scheduler;
import dev.backoff.core.Sleeper;
import dev.backoff.core.StatusOverride;
import dev.backoff.core.Ticker;
import dev.backoff.core.test.FakeTime;
import dev.backoff.http.HttpStatusCodeExtractor;
import dev.backoff.interceptor.RetryableBeanPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BackoffAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class));

	@Test
	void defaultAndInteractiveEntriesExistOutOfTheBox() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			assertThat(registry.names()).containsExactly("default", "interactive");
			RetrySettings defaults = registry.settings("default");
			assertThat(Schedule.of(defaults)).hasToString("0.2+0.4+0.8+1.6+3.2+6.4+12.8+25.6+51.2+90 = 192.2 s");
			assertThat(defaults.statusOverrides()).isEqualTo(RetrySettings.defaults().statusOverrides());
			RetrySettings interactive = registry.settings("interactive");
			RetrySettings builtIn = RetrySettings.interactive();
			assertThat(interactive.maxTries()).isEqualTo(builtIn.maxTries());
			assertThat(interactive.maxTime()).isEqualTo(builtIn.maxTime());
			assertThat(interactive.cap()).isEqualTo(builtIn.cap());
			assertThat(interactive.statusOverrides()).isEqualTo(builtIn.statusOverrides());
			assertThat(registry.isEnabled()).isTrue();
		});
	}

	@Test
	void namedEntriesInheritTheDefaults() {
		this.runner
			.withPropertyValues("backoff.defaults.max-tries=5", "backoff.defaults.base=50ms",
					"backoff.settings.billing.cap=10s", "backoff.settings.billing.max-time=1h",
					"backoff.settings.billing.retry-on=java.io.IOException",
					"backoff.settings.billing.give-up-on=java.io.FileNotFoundException")
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				RetrySettings billing = registry.settings("billing");
				assertThat(billing.maxTries()).isEqualTo(5);
				assertThat(billing.base()).isEqualTo(Duration.ofMillis(50));
				assertThat(billing.cap()).isEqualTo(Duration.ofSeconds(10));
				assertThat(billing.maxTime()).isEqualTo(Duration.ofHours(1));
				assertThat(billing.retryOn()).containsExactly(java.io.IOException.class);
				assertThat(billing.giveUpOn()).containsExactly(java.io.FileNotFoundException.class);
				assertThat(registry.settings("default").maxTries()).isEqualTo(5);
				assertThat(registry.settings("interactive").maxTries()).isEqualTo(4);
			});
	}

	@Test
	void theDefaultEntryCanBeOverridden() {
		this.runner.withPropertyValues("backoff.settings.default.max-tries=3", "backoff.settings.interactive.cap=1s")
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				assertThat(registry.settings("default").maxTries()).isEqualTo(3);
				assertThat(registry.settings("interactive").cap()).isEqualTo(Duration.ofSeconds(1));
				assertThat(registry.settings("interactive").maxTries()).isEqualTo(4);
			});
	}

	@Test
	void perStatusMapsMergeKeyByKey() {
		this.runner
			.withPropertyValues("backoff.defaults.status.503.max-tries=4", "backoff.settings.billing.status.503.cap=5s",
					"backoff.settings.billing.status.404.base=1s")
			.run((context) -> {
				Map<Integer, StatusOverride> statuses = context.getBean(RetryRegistry.class)
					.settings("billing")
					.statusOverrides();
				assertThat(statuses).containsOnlyKeys(404, 429, 503);
				assertThat(statuses.get(503)).isEqualTo(new StatusOverride(null, Duration.ofSeconds(5), 4, null));
				assertThat(statuses.get(404)).isEqualTo(new StatusOverride(Duration.ofSeconds(1), null, 9, null));
				assertThat(statuses.get(429)).isEqualTo(RetrySettings.DEFAULT_STATUS_OVERRIDES.get(429));
			});
	}

	@Test
	void strategiesTakeTheirParameters() {
		this.runner
			.withPropertyValues("backoff.settings.a.strategy=exponential", "backoff.settings.a.factor=3",
					"backoff.settings.a.jitter=equal", "backoff.settings.b.strategy=polynomial",
					"backoff.settings.b.exponent=3", "backoff.settings.c.strategy=linear",
					"backoff.settings.d.strategy=fibonacci", "backoff.settings.e.strategy=constant",
					"backoff.settings.e.jitter=random")
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				assertThat(registry.settings("a").strategy()).hasToString("exponential(factor=3.0)");
				assertThat(registry.settings("a").jitter()).isSameAs(Jitter.equal());
				assertThat(registry.settings("b").strategy()).hasToString("polynomial(exponent=3.0)");
				assertThat(registry.settings("c").strategy()).hasToString("linear(factor=1.0)");
				assertThat(registry.settings("c").jitter()).isSameAs(Jitter.full());
				assertThat(registry.settings("d").strategy()).hasToString("fibonacci");
				assertThat(registry.settings("e").jitter()).isSameAs(Jitter.random());
			});
	}

	@Test
	void durationsAcceptSpringsUsualForms() {
		this.runner
			.withPropertyValues("backoff.settings.a.base=250ms", "backoff.settings.a.cap=2m",
					"backoff.settings.a.max-time=PT1H30M")
			.run((context) -> {
				RetrySettings settings = context.getBean(RetryRegistry.class).settings("a");
				assertThat(settings.base()).isEqualTo(Duration.ofMillis(250));
				assertThat(settings.cap()).isEqualTo(Duration.ofMinutes(2));
				assertThat(settings.maxTime()).isEqualTo(Duration.ofMinutes(90));
			});
	}

	@Test
	void retryCanBeSwitchedOff() {
		this.runner.withPropertyValues("backoff.enabled=false")
			.run((context) -> assertThat(context.getBean(RetryRegistry.class).isEnabled()).isFalse());
	}

	@Test
	void theTimeSeamsAreRealByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Sleeper.class).hasSingleBean(Scheduler.class).hasSingleBean(Ticker.class);
			assertThat(context).as("the starter publishes no java.time.Clock").doesNotHaveBean(Clock.class);
			assertThat(context).hasSingleBean(RetryableBeanPostProcessor.class);
			assertThat(context).hasSingleBean(HttpStatusCodeExtractor.class);
		});
	}

	@Test
	void userTimeBeansReplaceTheDefaults() {
		FakeTime time = new FakeTime();
		this.runner.withBean(FakeTime.class, () -> time).run((context) -> {
			assertThat(context.getBean(Sleeper.class)).isSameAs(time);
			assertThat(context.getBean(Ticker.class)).isSameAs(time);
			assertThat(context.getBean(Scheduler.class)).isSameAs(time);
		});
	}

	@Test
	void anOutcomeWaitBeanNamedByAnEntryPacesItsRetries() {
		FakeTime time = new FakeTime();
		OutcomeWait fromResult = (result, failure) -> (result instanceof String text && text.startsWith("later:"))
				? java.time.Duration.ofSeconds(Long.parseLong(text.substring(6))) : null;
		this.runner.withBean(FakeTime.class, () -> time)
			.withBean("fromResult", OutcomeWait.class, () -> fromResult)
			.withPropertyValues("backoff.settings.polling.outcome-wait=fromResult")
			.run((context) -> {
				Retrier retrier = context.getBean(RetryRegistry.class).retrier("polling");
				assertThat(retrier.settings().outcomeWait()).isSameAs(fromResult);
				java.util.Iterator<String> answers = List.of("later:7", "later:3", "done").iterator();
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				registry.replace("polling",
						retrier.settings().toBuilder().retryOnResult((String r) -> r.startsWith("later:")).build());
				assertThat(registry.retrier("polling").call(answers::next)).isEqualTo("done");
				assertThat(time.waits()).containsExactly(java.time.Duration.ofSeconds(7),
						java.time.Duration.ofSeconds(3));
			});
	}

	@Test
	void anApplicationsOwnClocksAreNeitherNeededNorUsed() {
		FakeTime time = new FakeTime();
		Clock fixed = Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);
		this.runner.withBean(FakeTime.class, () -> time)
			.withBean("utc", Clock.class, () -> fixed)
			.withBean("local", Clock.class, Clock::systemDefaultZone)
			.withPropertyValues("backoff.settings.short.max-time=1s", "backoff.settings.short.max-tries=100",
					"backoff.settings.short.strategy=constant", "backoff.settings.short.jitter=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, Clock> clocks = context.getBeansOfType(Clock.class);
				assertThat(clocks).containsOnlyKeys("utc", "local");
				// a fixed application clock would never let max-time run out; the engine
				// times with the Ticker
				assertThatExceptionOfType(IllegalStateException.class)
					.isThrownBy(() -> context.getBean(RetryRegistry.class).retrier("short").call(() -> {
						throw new IllegalStateException("down");
					}));
				assertThat(time.elapsed()).isEqualTo(java.time.Duration.ofSeconds(1));
			});
	}

	@Test
	void aUserRegistryReplacesTheAutoConfiguredOne() {
		RetryRegistry own = RetryRegistry.ofDefaults();
		this.runner.withBean(RetryRegistry.class, () -> own)
			.run((context) -> assertThat(context.getBean(RetryRegistry.class)).isSameAs(own));
	}

	@Test
	void loadsWithoutMicrometerReactorOrSpringWeb() {
		this.runner
			.withConfiguration(AutoConfigurations.of(BackoffHttpAutoConfiguration.class,
					BackoffMetricsAutoConfiguration.class, BackoffEndpointAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer", "reactor.", "org.springframework.web",
					"org.springframework.http"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RetryRegistry.class);
				assertThat(context).doesNotHaveBean(HttpStatusCodeExtractor.class);
				assertThat(context.getBean(RetryRegistry.class).retrier("default").call(() -> "ok")).isEqualTo("ok");
			});
	}

}
