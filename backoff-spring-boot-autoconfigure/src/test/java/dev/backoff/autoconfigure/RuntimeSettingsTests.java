package dev.backoff.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.backoff.annotation.Retryable;
import dev.backoff.core.GiveUpReason;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Settings changed while the application runs: an entry switched off, {@code backoff.*}
 * changed and refreshed through Spring Cloud's {@link EnvironmentChangeEvent} (with its
 * rebinder, which resets the properties bean to its defaults while it rebinds), values
 * set at run time over the configured ones, and calls made while refreshes happen.
 */
class RuntimeSettingsTests {

	private static final String CHANGES = "changes";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class,
				ConfigurationPropertiesRebinderAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Billing.class)
		.withPropertyValues("backoff.settings.billing.max-tries=3", "backoff.settings.billing.base=0ms",
				"backoff.settings.shipping.max-tries=5");

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private final ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory
		.getLogger(BackoffSettingsRebinder.class);

	@BeforeEach
	void captureTheRebindersLog() {
		this.log.start();
		this.logger.setLevel(Level.INFO);
		this.logger.setAdditive(false);
		this.logger.addAppender(this.log);
	}

	@AfterEach
	void restoreTheLog() {
		this.logger.detachAppender(this.log);
		this.logger.setAdditive(true);
		this.logger.setLevel(null);
	}

	@Test
	void anEntrySwitchedOffMakesEachCallOnce() {
		this.runner.withPropertyValues("backoff.settings.billing.enabled=false").run((context) -> {
			Billing billing = context.getBean(Billing.class);
			AtomicInteger tries = new AtomicInteger();
			assertThatIOException().isThrownBy(() -> billing.charge(tries));
			assertThat(tries).hasValue(1);
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			assertThat(registry.settings("billing").enabled()).isFalse();
			assertThat(registry.settings("default").enabled()).isTrue();
		});
	}

	@Test
	void aDisabledEntryGivesUpWithReasonDisabled() {
		List<GiveUpReason> reasons = new ArrayList<>();
		this.runner.withPropertyValues("backoff.settings.billing.enabled=false")
			.withBean(RetryListener.class, () -> new RetryListener() {
				@Override
				public void onGiveUp(RetryEvent event) {
					reasons.add(event.reason());
				}
			})
			.run((context) -> {
				assertThatIOException().isThrownBy(() -> context.getBean(Billing.class).charge(new AtomicInteger()));
				assertThat(reasons).containsExactly(GiveUpReason.DISABLED);
			});
	}

	@Test
	void entriesInheritEnabledFromTheDefaults() {
		this.runner.withPropertyValues("backoff.defaults.enabled=false", "backoff.settings.shipping.enabled=true")
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				assertThat(registry.settings("billing").enabled()).isFalse();
				assertThat(registry.settings("default").enabled()).isFalse();
				assertThat(registry.settings("shipping").enabled()).isTrue();
			});
	}

	@Test
	void aRefreshSwapsEveryChangedEntry() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			change(context, Map.of("backoff.settings.billing.max-tries", "4", "backoff.settings.shipping.max-tries",
					"6", "backoff.settings.added.max-time", "2s"));
			assertThat(registry.settings("billing").maxTries()).isEqualTo(4);
			assertThat(registry.settings("shipping").maxTries()).isEqualTo(6);
			assertThat(registry.settings("added").maxTime()).isEqualTo(Duration.ofSeconds(2));
			AtomicInteger tries = new AtomicInteger();
			assertThatIOException().isThrownBy(() -> context.getBean(Billing.class).charge(tries));
			assertThat(tries).as("the @Retryable method takes the new settings on its next call").hasValue(4);
			assertThat(messages()).anyMatch(
					(line) -> line.startsWith("Applied the changed backoff.* configuration; entries with new values: [")
							&& line.contains("billing") && line.contains("shipping") && line.contains("added"));
		});
	}

	@Test
	void anInvalidChangeIsRefusedAsAWholeAndReported() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			change(context, Map.of("backoff.settings.shipping.max-tries", "7", "backoff.settings.billing.max-tries",
					"0", "backoff.settings.billing.base", "5s", "backoff.settings.billing.cap", "1s"));
			assertThat(registry.settings("shipping").maxTries()).as("the valid part is not applied either")
				.isEqualTo(5);
			assertThat(registry.settings("billing").maxTries()).isEqualTo(3);
			AtomicInteger tries = new AtomicInteger();
			assertThatIOException().isThrownBy(() -> context.getBean(Billing.class).charge(tries));
			assertThat(tries).hasValue(3);
			assertThat(messages()).singleElement()
				.asString()
				.startsWith(
						"Kept the running retry settings: the changed backoff.* configuration is refused as a whole.\n"
								+ "Invalid retry configuration:\n"
								+ "- backoff.settings.billing.max-tries was '0' but it must be at least 1\n"
								+ "- backoff.settings.billing.base was '5s' but it must be at most the cap (1s)")
				.contains("Action:", "Change backoff.settings.billing.max-tries to at least 1.");
		});
	}

	@Test
	void aValueThatDoesNotBindIsRefusedWithTheStartUpReport() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			change(context, Map.of("backoff.settings.billing.strategy", "exponentail"));
			assertThat(registry.settings("billing").maxTries()).isEqualTo(3);
			assertThat(errors()).singleElement()
				.asString()
				.contains("backoff.settings.billing.strategy", "exponentail", "exponential");
			change(context, Map.of("backoff.settings.billing.strategy", "exponential",
					"backoff.settings.billing.max-tries", "2"));
			assertThat(registry.settings("billing").maxTries()).as("once corrected, the change applies").isEqualTo(2);
		});
	}

	@Test
	void aSwitchThatOnlyARestartAppliesIsSaidSo() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			change(context, Map.of("backoff.enabled", "false", "backoff.settings.billing.max-tries", "2"));
			assertThat(registry.isEnabled()).isTrue();
			assertThat(registry.settings("billing").maxTries()).isEqualTo(2);
			assertThat(messages()).anyMatch((line) -> line.startsWith("backoff.enabled, backoff.nested and "
					+ "backoff.budget.store changed at run time; they take effect at the next start"));
		});
	}

	@Test
	void aChangeOfOtherKeysLeavesTheEntriesAlone() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			int version = RetryDrivers.version(registry);
			change(context, Map.of("spring.application.name", "billing-service"));
			assertThat(RetryDrivers.version(registry)).isEqualTo(version);
		});
	}

	@Test
	void anEntryNoLongerConfiguredTakesTheInheritedValues() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			context.getEnvironment().getPropertySources().remove("test");
			context.publishEvent(new EnvironmentChangeEvent(context, Set.of("backoff.settings.billing.max-tries")));
			assertThat(registry.names()).contains("billing", "shipping");
			assertThat(registry.settings("billing").maxTries()).isEqualTo(11);
		});
	}

	@Test
	void anEntrySetInCodeIsLeftAsCodeSetIt() {
		RetrySettings inCode = RetrySettings.builder().maxTries(9).build();
		this.runner.withBean(RetryRegistryCustomizer.class, () -> (builder) -> builder.settings("shipping", inCode))
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				change(context,
						Map.of("backoff.settings.shipping.max-tries", "6", "backoff.settings.billing.max-tries", "4"));
				assertThat(registry.settings("shipping")).isSameAs(inCode);
				assertThat(registry.settings("billing").maxTries()).isEqualTo(4);
				RetrySettings replaced = RetrySettings.builder().maxTries(8).build();
				registry.replace("billing", replaced);
				change(context, Map.of("backoff.settings.billing.max-tries", "5"));
				assertThat(registry.settings("billing")).isSameAs(replaced);
			});
	}

	@Test
	void runTimeValuesSitOverTheConfiguredOnesAndSurviveARefresh() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			BackoffSettingsRebinder rebinder = context.getBean(BackoffSettingsRebinder.class);
			rebinder.override("billing", Map.of("enabled", false, "cap", "2s"));
			rebinder.override("billing", Map.of("maxTries", 6));
			assertThat(registry.settings("billing").enabled()).isFalse();
			assertThat(registry.settings("billing").maxTries()).isEqualTo(6);
			assertThat(rebinder.overrides()).containsOnlyKeys("billing");
			assertThat(rebinder.overrides().get("billing")).containsExactly(Map.entry("cap", "2s"),
					Map.entry("enabled", false), Map.entry("maxTries", 6));
			change(context, Map.of("backoff.settings.billing.base", "1s", "backoff.settings.billing.max-time", "1m"));
			RetrySettings refreshed = registry.settings("billing");
			assertThat(refreshed.base()).isEqualTo(Duration.ofSeconds(1));
			assertThat(refreshed.maxTime()).isEqualTo(Duration.ofMinutes(1));
			assertThat(refreshed.cap()).as("the run-time value is laid over the new configuration")
				.isEqualTo(Duration.ofSeconds(2));
			assertThat(refreshed.enabled()).isFalse();
			rebinder.reset("billing");
			RetrySettings configured = registry.settings("billing");
			assertThat(configured.enabled()).isTrue();
			assertThat(configured.maxTries()).isEqualTo(3);
			assertThat(configured.base()).as("the configuration as refreshed").isEqualTo(Duration.ofSeconds(1));
			assertThat(rebinder.overrides()).isEmpty();
		});
	}

	@Test
	void anInvalidRunTimeValueIsRefusedWithTheStartUpMessage() {
		this.runner.run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			BackoffSettingsRebinder rebinder = context.getBean(BackoffSettingsRebinder.class);
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> rebinder.override("billing", Map.of("maxTries", 0, "enabled", false)))
				.withMessage("Invalid retry configuration:\n"
						+ "- backoff.settings.billing.max-tries was '0' but it must be at least 1");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> rebinder.override("billing", Map.of("base", "2m")))
				.withMessage("Invalid retry configuration:\n"
						+ "- backoff.settings.billing.base was '2m' but it must be at most the cap (90s)");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> rebinder.override("billing", Map.of("maxTime", "soon")))
				.withMessage("Invalid retry configuration:\n- backoff.settings.billing.max-time was 'soon' but it must "
						+ "be a duration such as 500ms, 10s or PT10S");
			assertThat(registry.settings("billing").enabled()).as("nothing changed").isTrue();
			assertThat(rebinder.overrides()).isEmpty();
		});
	}

	@Test
	void startUpRefusesTheSameValue() {
		this.runner.withPropertyValues("backoff.settings.billing.max-tries=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("- backoff.settings.billing.max-tries was '0' but it must be at least 1");
		});
	}

	@Test
	void withoutSpringCloudNothingListensForChanges() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.cloud"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(BackoffEnvironmentChangeListener.class);
				assertThat(context).hasSingleBean(BackoffSettingsRebinder.class);
			});
	}

	@Test
	void callsDuringRefreshesNeverSeeUnboundDefaults() {
		this.runner.run((context) -> {
			Billing billing = context.getBean(Billing.class);
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			AtomicBoolean done = new AtomicBoolean();
			ExecutorService callers = Executors.newFixedThreadPool(2);
			try {
				List<Future<Map<Integer, Integer>>> seen = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					seen.add(callers.submit(() -> {
						Map<Integer, Integer> triesSeen = new HashMap<>();
						// bounded: the refreshes below always end, then done is set
						while (!done.get()) {
							AtomicInteger tries = new AtomicInteger();
							try {
								billing.charge(tries);
							}
							catch (IOException expected) {
								// every call fails
							}
							triesSeen.merge(tries.get(), 1, Integer::sum);
							triesSeen.merge(100 + registry.settings("shipping").maxTries(), 1, Integer::sum);
						}
						return triesSeen;
					}));
				}
				for (int round = 0; round < 60; round++) {
					boolean odd = (round % 2) == 1;
					change(context, Map.of("backoff.settings.billing.max-tries", odd ? "3" : "4",
							"backoff.settings.shipping.max-tries", odd ? "5" : "6"));
				}
				done.set(true);
				for (Future<Map<Integer, Integer>> each : seen) {
					// never 11, the default max-tries that an unbound properties object
					// holds
					assertThat(each.get(30, TimeUnit.SECONDS).keySet()).isSubsetOf(3, 4, 105, 106);
				}
			}
			finally {
				callers.shutdownNow();
			}
			assertThat(registry.settings("billing").maxTries()).isEqualTo(3);
		});
	}

	/**
	 * Lays {@code values} over the environment and publishes what Spring Cloud's refresh
	 * would.
	 */
	private static void change(AssertableApplicationContext context, Map<String, Object> values) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		Map<String, Object> all = new HashMap<>();
		if (sources.get(CHANGES) instanceof MapPropertySource previous) {
			all.putAll(previous.getSource());
		}
		all.putAll(values);
		MapPropertySource changes = new MapPropertySource(CHANGES, all);
		if (sources.contains(CHANGES)) {
			sources.replace(CHANGES, changes);
		}
		else {
			sources.addFirst(changes);
		}
		context.publishEvent(new EnvironmentChangeEvent(context, values.keySet()));
	}

	private List<String> messages() {
		return this.log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	private List<String> errors() {
		return this.log.list.stream()
			.filter((event) -> event.getLevel() == Level.ERROR)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	public static class Billing {

		@Retryable("billing")
		public void charge(AtomicInteger tries) throws IOException {
			tries.incrementAndGet();
			throw new IOException("down");
		}

	}

}
