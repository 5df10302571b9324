package dev.backoff.autoconfigure;

import dev.backoff.annotation.Retryable;
import dev.backoff.core.RetryListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provokes each invalid configuration for real and checks the start-up report's exact
 * text.
 */
class BackoffConfigurationFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class));

	@Test
	void maxTriesBelowOne() {
		assertReport("backoff.settings.billing.max-tries=0",
				"- backoff.settings.billing.max-tries was '0' but it must be at least 1",
				"Change backoff.settings.billing.max-tries to at least 1.");
	}

	@Test
	void aBadDefaultIsNamedAsTheDefault() {
		assertReport("backoff.defaults.max-tries=-2", "- backoff.defaults.max-tries was '-2' but it must be at least 1",
				"Change backoff.defaults.max-tries to at least 1.");
	}

	@Test
	void baseAboveCap() {
		assertReport(new String[] { "backoff.settings.fast.base=5s", "backoff.settings.fast.cap=1s" },
				"- backoff.settings.fast.base was '5s' but it must be at most the cap (1s)",
				"Change backoff.settings.fast.base to at most the cap (1s).");
	}

	@Test
	void negativeDuration() {
		assertReport("backoff.settings.fast.max-time=-1s",
				"- backoff.settings.fast.max-time was '-1s' but it must be positive",
				"Change backoff.settings.fast.max-time to positive.");
	}

	@Test
	void statusOutsideTheHttpRange() {
		assertReport("backoff.settings.web.retry-on-status=503,700",
				"- backoff.settings.web.retry-on-status was '700' but it must be an HTTP status from 100 to 599",
				"Change backoff.settings.web.retry-on-status to an HTTP status from 100 to 599.");
		assertReport("backoff.settings.web.status.42.max-tries=3",
				"- backoff.settings.web.status was '42' but it must be an HTTP status from 100 to 599",
				"Change backoff.settings.web.status to an HTTP status from 100 to 599.");
	}

	@Test
	void invalidStatusOverride() {
		assertReport("backoff.settings.web.status.503.max-tries=0",
				"- backoff.settings.web.status.503.max-tries was '0' but it must be at least 1",
				"Change backoff.settings.web.status.503.max-tries to at least 1.");
	}

	@Test
	void invalidFactor() {
		assertReport(new String[] { "backoff.settings.x.strategy=exponential", "backoff.settings.x.factor=0" },
				"- backoff.settings.x.factor was '0' but it must be a finite number greater than 0",
				"Change backoff.settings.x.factor to a finite number greater than 0.");
	}

	@Test
	void anInvalidFactorOrExponentFailsEvenWhenTheStrategyDoesNotUseIt() {
		assertReport(new String[] { "backoff.settings.x.strategy=constant", "backoff.settings.x.factor=-1" },
				"- backoff.settings.x.factor was '-1' but it must be a finite number greater than 0",
				"Change backoff.settings.x.factor to a finite number greater than 0.");
		assertReport("backoff.defaults.exponent=0",
				"- backoff.defaults.exponent was '0' but it must be a finite number greater than 0",
				"Change backoff.defaults.exponent to a finite number greater than 0.");
	}

	@Test
	void anOutcomeWaitThatIsNoBean() {
		assertReport("backoff.settings.x.outcome-wait=fromHeader",
				"- backoff.settings.x.outcome-wait names 'fromHeader', which is not a bean of type OutcomeWait "
						+ "(the OutcomeWait beans are [])",
				"Declare an OutcomeWait bean named 'fromHeader', or correct backoff.settings.x.outcome-wait.");
	}

	@Test
	void aMisspeltListenerNamesTheKeyAndTheClosestListenerBean() {
		this.runner.withBean("auditListener", RetryListener.class, () -> new RetryListener() {
		})
			.withPropertyValues("backoff.settings.billing.listeners=auditListner")
			.run(failsWith(
					"- backoff.settings.billing.listeners names 'auditListner', which is not a bean of type "
							+ "RetryListener; did you mean 'auditListener'?",
					"Change 'auditListner' to 'auditListener' in backoff.settings.billing.listeners, or declare a "
							+ "RetryListener bean named 'auditListner'."));
	}

	@Test
	void aListenerNameFarFromEveryListenerBeanListsThem() {
		this.runner.withBean("auditListener", RetryListener.class, () -> new RetryListener() {
		})
			.withBean("pager", String.class, () -> "not a listener")
			.withPropertyValues("backoff.defaults.listeners=pager")
			.run(failsWith(
					"- backoff.defaults.listeners names 'pager', which is not a bean of type RetryListener "
							+ "(the RetryListener beans are [auditListener])",
					"Declare a RetryListener bean named 'pager', or correct backoff.defaults.listeners."));
	}

	@Test
	void aRetryableNamingAnUnknownListener() {
		this.runner.withBean("auditListener", RetryListener.class, () -> new RetryListener() {
		})
			.withBean(UnknownListener.class)
			.run(failsWith(
					"- @Retryable(listeners) on UnknownListener#fetch names 'auditListenr', which is not a bean of type "
							+ "RetryListener; did you mean 'auditListener'?",
					"Change 'auditListenr' to 'auditListener' in @Retryable(listeners) on UnknownListener#fetch, or declare "
							+ "a RetryListener bean named 'auditListenr'."));
	}

	@Test
	void aBlankLoggerName() {
		assertReport("backoff.settings.x.logging.logger= ",
				"- backoff.settings.x.logging.logger was '' but it must be a logger name such as dev.backoff",
				"Change backoff.settings.x.logging.logger to a logger name such as dev.backoff.");
	}

	@Test
	void aClassNameThatDoesNotLoad() {
		assertReport("backoff.settings.x.retry-on=java.io.IOException,com.example.Missing",
				"- backoff.settings.x.retry-on names 'com.example.Missing', which is not a class on the classpath",
				"Correct the class name in backoff.settings.x.retry-on (a fully qualified name such as "
						+ "java.io.IOException), or add the dependency that contains it.");
	}

	@Test
	void aClassThatIsNotAnException() {
		assertReport("backoff.settings.x.give-up-on=java.lang.String",
				"- backoff.settings.x.give-up-on names 'java.lang.String', which is not an exception",
				"Name exception classes (subclasses of java.lang.Throwable) in backoff.settings.x.give-up-on.");
	}

	@Test
	void severalProblemsAreReportedTogether() {
		assertReport(new String[] { "backoff.settings.a.max-tries=0", "backoff.settings.b.cap=-1s" },
				"- backoff.settings.a.max-tries was '0' but it must be at least 1\n"
						+ "- backoff.settings.b.cap was '-1s' but it must be zero or positive",
				"Change backoff.settings.a.max-tries to at least 1.\nChange backoff.settings.b.cap to zero or positive.");
	}

	@Test
	void anUnknownStrategyListsTheValidValuesAsTheyAreWritten() {
		this.runner.withPropertyValues("backoff.settings.x.strategy=quadratic").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new UnknownBackoffValueFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.startsWith("Invalid retry configuration:\n- backoff.settings.x.strategy was 'quadratic' (")
				.endsWith(" but it must be one of decorrelated-jitter, exponential, fibonacci, constant, linear, "
						+ "polynomial");
			assertThat(analysis.getAction())
				.isEqualTo("Change backoff.settings.x.strategy to one of decorrelated-jitter, "
						+ "exponential, fibonacci, constant, linear, polynomial.");
		});
		this.runner.withPropertyValues("backoff.defaults.jitter=ful")
			.run((context) -> assertThat(
					new UnknownBackoffValueFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
				.isEqualTo("Change backoff.defaults.jitter to one of full, equal, random, none."));
	}

	@Test
	void aRetryableNamingAnUnknownEntry() {
		this.runner.withBean(Misnamed.class)
			.run(failsWith(
					"- @Retryable on Misnamed#fetch names settings 'biling', which do not exist "
							+ "(the entries are [default, interactive])",
					"Add backoff.settings.biling.* to your configuration, or name one of [default, interactive] "
							+ "in @Retryable on Misnamed#fetch."));
	}

	@Test
	void aRetryableWithAnInvalidMaxTries() {
		this.runner.withPropertyValues("billing.tries=zero")
			.withBean(BadAttributes.class)
			.run(failsWith(
					"- @Retryable(maxTries) on BadAttributes#fetch was 'zero' (resolved from \"${billing.tries}\") "
							+ "but it must be a whole number, at least 1",
					"Change maxTries of @Retryable on BadAttributes#fetch (or the property it names) "
							+ "to a whole number, at least 1."));
	}

	@Test
	void aRetryableWithAnUnsetPlaceholder() {
		this.runner.withBean(BadAttributes.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains(
					"- @Retryable(maxTries = \"${billing.tries}\") on BadAttributes#fetch names a property that is not set");
		});
	}

	private void assertReport(String property, String description, String action) {
		assertReport(new String[] { property }, description, action);
	}

	private void assertReport(String[] properties, String description, String action) {
		this.runner.withPropertyValues(properties).run(failsWith(description, action));
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String description, String action) {
		return (context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).isEqualTo("Invalid retry configuration:\n" + description);
			assertThat(analysis.getAction()).isEqualTo(action);
		};
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		FailureAnalysis analysis = new BackoffConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	public static class Misnamed {

		@Retryable("biling")
		public String fetch() {
			return "ok";
		}

	}

	public static class UnknownListener {

		@Retryable(listeners = "auditListenr")
		public String fetch() {
			return "ok";
		}

	}

	public static class BadAttributes {

		@Retryable(maxTries = "${billing.tries}")
		public String fetch() {
			return "ok";
		}

	}

}
