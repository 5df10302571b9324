package dev.backoff.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** Handlers and logging that travel with a {@link RetrySettings}. */
class SettingsHandlersTests {

	private final FakeTime time = new FakeTime();

	private final List<String> heard = new CopyOnWriteArrayList<>();

	private final RetryListener global = new RetryListener() {

		@Override
		public void onSuccess(RetryEvent event) {
			SettingsHandlersTests.this.heard.add("global success:" + event.tries());
		}

		@Override
		public void onBackoff(RetryEvent event) {
			SettingsHandlersTests.this.heard.add("global backoff:" + event.tries());
		}

		@Override
		public void onGiveUp(RetryEvent event) {
			SettingsHandlersTests.this.heard.add("global giveup:" + event.tries());
		}

	};

	private RetryRegistry registry() {
		return RetryRegistry.builder().fakeTime(this.time).listener(this.global).build();
	}

	private Consumer<RetryEvent> record(String what) {
		return (event) -> this.heard.add(what + ":" + event.tries());
	}

	@Test
	void handlersAreCalledAfterTheRegistrysListenersInTheOrderAdded() throws Exception {
		RetrySettings settings = TestSettings.constant(10)
			.maxTries(3)
			.onBackoff(record("first backoff"))
			.onBackoff(record("second backoff"))
			.onSuccess(record("success"))
			.build();
		Script<String> script = Script.of(new IOException("down"), "ok");
		assertThat(registry().newRetrier("billing", settings).call(script)).isEqualTo("ok");
		assertThat(this.heard).containsExactly("global backoff:1", "first backoff:1", "second backoff:1",
				"global success:2", "success:2");
	}

	@Test
	void giveUpHandlersHearTheReason() {
		List<RetryEvent> giveUps = new ArrayList<>();
		RetrySettings settings = TestSettings.constant(10).maxTries(2).onGiveUp(giveUps::add).build();
		assertThatIOException()
			.isThrownBy(() -> registry().newRetrier("billing", settings).call(Script.of(new IOException("down"))));
		assertThat(giveUps).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo("billing");
			assertThat(event.tries()).isEqualTo(2);
			assertThat(event.reason()).isEqualTo(GiveUpReason.MAX_TRIES);
		});
		assertThat(this.heard).containsExactly("global backoff:1", "global giveup:2");
	}

	@Test
	@SuppressWarnings("try")
	void aHandlerThatThrowsIsLoggedAndSkippedAndTheNextOneStillRuns() throws Exception {
		RetrySettings settings = TestSettings.constant(10).onSuccess((event) -> {
			throw new IllegalStateException("handler bug");
		}).onSuccess(record("after")).build();
		List<String> warnings = new ArrayList<>();
		try (Captured captured = Captured.logger("dev.backoff", Level.WARN)) {
			assertThat(registry().newRetrier("billing", settings).call(() -> "ok")).isEqualTo("ok");
			warnings.addAll(captured.lines());
		}
		assertThat(this.heard).containsExactly("global success:1", "after:1");
		assertThat(warnings).singleElement()
			.asString()
			.startsWith("WARN dev.backoff -- RetryListener onSuccess handler ")
			.endsWith("failed on RetryEvent[name=billing, target=billing, tries=1, elapsed=PT0S, waitTime=null, "
					+ "exception=none, status=null, reason=null]; the call's outcome is unchanged");
	}

	@Test
	void handlersTravelWithTheSettingsThroughToBuilderAndLabelsAndReplacement() throws Exception {
		RetrySettings settings = TestSettings.constant(10).onSuccess(record("handler")).build();
		RetrySettings changed = settings.toBuilder().maxTries(2).build();
		assertThat(changed.listeners()).isEqualTo(settings.listeners()).hasSize(1);
		RetryRegistry registry = registry();
		registry.replace("billing", changed);
		registry.retrier("billing").withLabel("billing.fetch").withBudgetKey("billing host").call(() -> "ok");
		assertThat(this.heard).containsExactly("global success:1", "handler:1");
	}

	@Test
	void buildCopiesSoAReusedBuilderNeverChangesBuiltSettings() {
		RetrySettings.Builder builder = TestSettings.constant(10).onSuccess(record("one"));
		RetrySettings built = builder.build();
		builder.onSuccess(record("two")).listener(this.global);
		assertThat(built.listeners()).hasSize(1);
		assertThat(builder.build().listeners()).hasSize(3);
		assertThat(builder.listeners(List.of()).build().listeners()).isEmpty();
	}

	@Test
	void asynchronousCallsTellTheHandlersToo() {
		RetrySettings settings = TestSettings.constant(10)
			.onBackoff(record("backoff"))
			.onSuccess(record("success"))
			.build();
		Script<String> script = Script.of(new IOException("down"), "ok");
		CompletableFuture<String> future = registry().newRetrier("billing", settings).callAsync(() -> {
			try {
				return CompletableFuture.completedFuture(script.call());
			}
			catch (Exception ex) {
				return CompletableFuture.failedFuture(ex);
			}
		});
		assertThat(future).isCompletedWithValue("ok");
		assertThat(this.heard).containsExactly("global backoff:1", "backoff:1", "global success:2", "success:2");
	}

	@Test
	void settingsWithoutHandlersShareTheRegistrysListenersAndLog() {
		RetryRegistry registry = registry();
		Retrier plain = registry.newRetrier("plain", TestSettings.constant(10).build());
		Retrier other = registry.newRetrier("other",
				TestSettings.constant(20).logging(LoggingSettings.DEFAULTS).build());
		assertThat(plain.listeners()).isSameAs(plain.runtime().listeners).isSameAs(other.listeners());
		assertThat(plain.log()).isSameAs(plain.runtime().log).isSameAs(other.log());
	}

	@Test
	void aHandlerOfOneKindMakesNoOtherKindOfEventBeBuilt() {
		Retrier retrier = RetryRegistry.builder()
			.fakeTime(this.time)
			.build()
			.newRetrier("billing", TestSettings.constant(10).onGiveUp(record("giveup")).build());
		assertThat(retrier.listeners().onGiveUp).isTrue();
		assertThat(retrier.listeners().onSuccess).isFalse();
		assertThat(retrier.listeners().onBackoff).isFalse();
	}

	@Test
	@SuppressWarnings("try")
	void anEntryLogsOnItsOwnLoggerAtItsOwnLevels() {
		RetrySettings settings = TestSettings.constant(10)
			.maxTries(2)
			.logging(new LoggingSettings("billing.retries", LogLevel.WARN, LogLevel.INFO))
			.build();
		Retrier retrier = registry().newRetrier("billing", settings);
		List<String> lines;
		List<String> engine;
		try (Captured captured = Captured.logger("billing.retries", Level.TRACE);
				Captured engineLog = Captured.logger("dev.backoff", Level.TRACE)) {
			assertThatIOException().isThrownBy(() -> retrier.call(Script.of(new IOException("down"))));
			assertThatIOException().isThrownBy(() -> retrier.call(() -> {
				throw new InterruptedIOExceptionLike("not retried");
			}));
			lines = captured.lines();
			engine = engineLog.lines();
		}
		assertThat(lines).containsExactly(
				"WARN billing.retries -- Retrying billing (settings 'billing') in 10 ms after try 1 failed with "
						+ "java.io.IOException",
				"INFO billing.retries -- Giving up on billing (settings 'billing') after 2 tries (max-tries): "
						+ "failed with java.io.IOException",
				"WARN billing.retries -- Retrying billing (settings 'billing') in 10 ms after try 1 failed with "
						+ InterruptedIOExceptionLike.class.getName(),
				"INFO billing.retries -- Giving up on billing (settings 'billing') after 2 tries (max-tries): "
						+ "failed with " + InterruptedIOExceptionLike.class.getName());
		assertThat(engine).isEmpty();
	}

	@Test
	@SuppressWarnings("try")
	void aFirstFailureSimplyNotRetriedStaysAtDebugWhateverTheGiveUpLevel() {
		RetrySettings settings = TestSettings.constant(10)
			.retryOn(List.of(IOException.class))
			.logging(new LoggingSettings("billing.retries", LogLevel.INFO, LogLevel.WARN))
			.build();
		List<String> lines;
		try (Captured captured = Captured.logger("billing.retries", Level.DEBUG)) {
			org.assertj.core.api.Assertions.assertThatIllegalStateException()
				.isThrownBy(() -> registry().newRetrier("billing", settings).call(() -> {
					throw new IllegalStateException("bug");
				}));
			lines = captured.lines();
		}
		assertThat(lines).containsExactly("DEBUG billing.retries -- Not retrying billing (settings 'billing') "
				+ "(not-retryable): failed with java.lang.IllegalStateException");
	}

	@Test
	@SuppressWarnings("try")
	void offSilencesAnEntry() {
		RetrySettings settings = TestSettings.constant(10)
			.maxTries(3)
			.logging(new LoggingSettings(LoggingSettings.DEFAULT_LOGGER, LogLevel.OFF, LogLevel.OFF))
			.build();
		Retrier retrier = registry().newRetrier("quiet", settings);
		List<String> lines;
		try (Captured captured = Captured.logger("dev.backoff", Level.TRACE)) {
			assertThatIOException().isThrownBy(() -> retrier.call(Script.of(new IOException("down"))));
			assertThatIOException().isThrownBy(() -> NoRetry.call(() -> retrier.call(Script.of(new IOException("x")))));
			lines = captured.lines();
		}
		assertThat(lines).isEmpty();
		assertThat(this.heard).containsExactly("global backoff:1", "global backoff:2", "global giveup:3",
				"global giveup:1");
	}

	@Test
	void aBlankLoggerNameIsRejectedNamingTheSetting() {
		org.assertj.core.api.Assertions.assertThatExceptionOfType(InvalidRetrySettingsException.class)
			.isThrownBy(() -> new LoggingSettings(" ", LogLevel.INFO, LogLevel.ERROR))
			.withMessage("logging.logger was ' ' but it must be a logger name such as dev.backoff");
	}

	/** An I/O failure of a class of its own, to tell the second call's lines apart. */
	static final class InterruptedIOExceptionLike extends IOException {

		private static final long serialVersionUID = 1L;

		InterruptedIOExceptionLike(String message) {
			super(message);
		}

	}

	/**
	 * A logger's lines, captured rather than printed, as {@code LEVEL logger -- message}.
	 */
	static final class Captured implements AutoCloseable {

		private final Logger logger;

		private final Level previous;

		private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

		private Captured(String name, Level level) {
			this.logger = (Logger) LoggerFactory.getLogger(name);
			this.previous = this.logger.getLevel();
			this.appender.start();
			this.logger.setLevel(level);
			this.logger.setAdditive(false);
			this.logger.addAppender(this.appender);
		}

		static Captured logger(String name, Level level) {
			return new Captured(name, level);
		}

		List<String> lines() {
			return this.appender.list.stream()
				.map((event) -> event.getLevel() + " " + event.getLoggerName() + " -- " + event.getFormattedMessage())
				.toList();
		}

		@Override
		public void close() {
			this.logger.detachAppender(this.appender);
			this.logger.setAdditive(true);
			this.logger.setLevel(this.previous);
		}

	}

}
