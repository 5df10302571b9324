package dev.backoff.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.backoff.annotation.Retryable;
import dev.backoff.core.NoRetry;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class LoggingTests {

	/** The engine's log lines of the current test, as {@code LEVEL logger -- message}. */
	private final List<String> output = new ArrayList<>();

	private static final String SECRET = "4111-1111-1111-1111";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Payments.class)
		.withPropertyValues("backoff.settings.default.max-tries=3", "backoff.settings.payments.max-tries=2");

	@Test
	void backoffsAreLoggedAtInfoAndGiveUpsAtErrorWithoutArgumentsOrMessages() {
		atLevel(Level.INFO, () -> this.runner.run((context) -> {
			Payments payments = context.getBean(Payments.class);
			assertThatIOException().isThrownBy(() -> payments.charge(SECRET));
			assertThat(payments.calls()).isEqualTo(3);
		}));
		assertThat(output()).contains("INFO dev.backoff -- Retrying Payments#charge (settings 'default') in ")
			.contains(" ms after try 1 failed with java.io.IOException")
			.contains("ERROR dev.backoff -- Giving up on Payments#charge (settings 'default') after 3 tries "
					+ "(max-tries): failed with java.io.IOException")
			.doesNotContain(SECRET);
	}

	@Test
	void aFirstFailureThatIsSimplyNotRetriedIsLoggedAtDebugNotError() {
		atLevel(Level.DEBUG, () -> this.runner.run((context) -> {
			Payments payments = context.getBean(Payments.class);
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> payments.refund(SECRET));
			assertThatExceptionOfType(HttpClientErrorException.class).isThrownBy(payments::lookUp);
		}));
		assertThat(output()).doesNotContain("ERROR")
			.contains("DEBUG dev.backoff -- Not retrying Payments#refund (settings 'default') (not-retryable): "
					+ "failed with java.lang.IllegalArgumentException")
			.contains("DEBUG dev.backoff -- Not retrying Payments#lookUp (settings 'default') (not-retryable): "
					+ "failed with org.springframework.web.client.HttpClientErrorException$BadRequest (status 400)")
			.doesNotContain(SECRET);
	}

	@Test
	void aNoRetryGiveUpKeepsTheFailuresStatus() {
		atLevel(Level.DEBUG, () -> this.runner.run((context) -> {
			Payments payments = context.getBean(Payments.class);
			assertThatExceptionOfType(HttpClientErrorException.class)
				.isThrownBy(() -> NoRetry.run(payments::unavailable));
		}));
		assertThat(output()).contains("Not retrying Payments#unavailable (settings 'default') (no-retry): failed with "
				+ "org.springframework.web.client.HttpClientErrorException (status 503)");
	}

	@Test
	void anEntryLogsOnItsOwnLoggerAtItsOwnLevelsInheritedFromTheDefaults() {
		atLevel(Level.TRACE,
				() -> this.runner
					.withPropertyValues("backoff.defaults.logging.backoff-level=debug",
							"backoff.settings.payments.logging.logger=payments.retries",
							"backoff.settings.payments.logging.give-up-level=warn")
					.run((context) -> {
						Payments payments = context.getBean(Payments.class);
						assertThatIOException().isThrownBy(() -> payments.settle(SECRET));
						assertThatIOException().isThrownBy(() -> payments.charge(SECRET));
					}),
				"dev.backoff", "payments.retries");
		assertThat(output()).contains("DEBUG payments.retries -- Retrying Payments#settle (settings 'payments') in ")
			.contains("WARN payments.retries -- Giving up on Payments#settle (settings 'payments') after 2 tries "
					+ "(max-tries): failed with java.io.IOException")
			.contains("DEBUG dev.backoff -- Retrying Payments#charge (settings 'default') in ")
			.contains("ERROR dev.backoff -- Giving up on Payments#charge (settings 'default') after 3 tries")
			.doesNotContain("dev.backoff -- Retrying Payments#settle")
			.doesNotContain(SECRET);
	}

	@Test
	void offSilencesAnEntryAsYamlWritesIt() {
		// YAML reads a bare off as the boolean false; the binder turns it into the level
		// off
		atLevel(Level.TRACE,
				() -> this.runner
					.withPropertyValues("backoff.settings.default.logging.backoff-level=off",
							"backoff.settings.default.logging.give-up-level=false")
					.run((context) -> {
						Payments payments = context.getBean(Payments.class);
						assertThatIOException().isThrownBy(() -> payments.charge(SECRET));
						assertThatExceptionOfType(IllegalArgumentException.class)
							.isThrownBy(() -> payments.refund(SECRET));
						assertThat(payments.calls()).isEqualTo(3);
					}));
		assertThat(this.output).isEmpty();
	}

	private String output() {
		return String.join("\n", this.output);
	}

	/**
	 * Runs {@code action} with the engine's logger at {@code level} (the test
	 * configuration silences it), its lines captured here rather than printed, then
	 * restores it.
	 */
	private void atLevel(Level level, Runnable action) {
		atLevel(level, action, "dev.backoff");
	}

	/**
	 * Runs {@code action} with each of {@code names} at {@code level}, all captured into
	 * one list.
	 */
	private void atLevel(Level level, Runnable action, String... names) {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		List<ch.qos.logback.classic.Logger> loggers = new ArrayList<>();
		List<Level> previous = new ArrayList<>();
		for (String name : names) {
			ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name);
			loggers.add(logger);
			previous.add(logger.getLevel());
			logger.setLevel(level);
			logger.setAdditive(false);
			logger.addAppender(appender);
		}
		try {
			action.run();
		}
		finally {
			for (int i = 0; i < loggers.size(); i++) {
				loggers.get(i).detachAppender(appender);
				loggers.get(i).setAdditive(true);
				loggers.get(i).setLevel(previous.get(i));
			}
		}
		appender.list.forEach((event) -> this.output
			.add(event.getLevel() + " " + event.getLoggerName() + " -- " + event.getFormattedMessage()));
	}

	public static class Payments {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Retryable
		public String charge(String cardNumber) throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("card " + cardNumber + " declined");
		}

		@Retryable("payments")
		public String settle(String cardNumber) throws IOException {
			throw new IOException("card " + cardNumber + " declined");
		}

		@Retryable(retryOn = IOException.class)
		public String refund(String cardNumber) {
			throw new IllegalArgumentException("card " + cardNumber + " unknown");
		}

		@Retryable
		public String lookUp() {
			throw HttpClientErrorException.create(HttpStatus.BAD_REQUEST, "Bad Request", null, null, null);
		}

		@Retryable
		public void unavailable() {
			throw new HttpClientErrorException(HttpStatus.SERVICE_UNAVAILABLE);
		}

	}

}
