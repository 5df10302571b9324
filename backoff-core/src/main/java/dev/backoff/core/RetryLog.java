package dev.backoff.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine logs for one entry, as its {@link LoggingSettings} say (by default on
 * logger {@code dev.backoff}): each backoff at the backoff level (INFO); a give-up at the
 * give-up level (ERROR) when a retry happened or a limit ended it, at DEBUG when a first
 * failure is simply not retried; the caller's own ending (cancelled, interrupted, shut
 * down) at INFO; a give-up for lack of budget at WARN, at most once per entry per minute.
 * A give-up level of {@code OFF} silences every give-up line. Lines name the exception's
 * class and status, never its message, the arguments or the result. The logger and levels
 * are resolved once, when a retrier is built.
 */
final class RetryLog {

	private static final long BUDGET_WARNING_INTERVAL = TimeUnit.MINUTES.toNanos(1);

	/**
	 * When the last budget warning of each entry was logged, by the ticker; shared by a
	 * registry's logs.
	 */
	private final Map<String, AtomicLong> budgetWarnings;

	private final Ticker ticker;

	private final LoggingSettings settings;

	private final Logger logger;

	private final LogLevel backoffLevel;

	private final LogLevel giveUpLevel;

	/** The default log of a registry: logger {@code dev.backoff}, INFO and ERROR. */
	RetryLog(Ticker ticker) {
		this(new ConcurrentHashMap<>(), ticker, LoggingSettings.DEFAULTS);
	}

	private RetryLog(Map<String, AtomicLong> budgetWarnings, Ticker ticker, LoggingSettings settings) {
		this.budgetWarnings = budgetWarnings;
		this.ticker = ticker;
		this.settings = settings;
		this.logger = LoggerFactory.getLogger(settings.logger());
		this.backoffLevel = settings.backoffLevel();
		this.giveUpLevel = settings.giveUpLevel();
	}

	/** The log of an entry with these settings: this one when they are the same. */
	RetryLog withSettings(LoggingSettings settings) {
		return this.settings.equals(settings) ? this : new RetryLog(this.budgetWarnings, this.ticker, settings);
	}

	void backoff(String name, String target, int tries, long waitNanos, @Nullable Throwable failure, int status) {
		if (isEnabled(this.backoffLevel)) {
			write(this.backoffLevel, "Retrying {} (settings '{}') in {} ms after try {} {}", target, name,
					TimeUnit.NANOSECONDS.toMillis(waitNanos), tries, describe(failure, status));
		}
	}

	void giveUp(String name, String target, int tries, GiveUpReason reason, @Nullable Throwable failure, int status) {
		if (this.giveUpLevel == LogLevel.OFF) {
			return;
		}
		switch (reason) {
			case BUDGET -> {
				if (this.logger.isWarnEnabled() && firstBudgetWarningThisMinute(name)) {
					this.logger.warn("Not retrying {} (settings '{}'): its retry budget is spent; further budget "
							+ "give-ups of this entry are not logged for a minute", target, name);
				}
			}
			case CANCELLED, INTERRUPTED, SHUTDOWN -> {
				if (this.logger.isInfoEnabled()) {
					this.logger.info("Stopped retrying {} (settings '{}') after {} tries ({})", target, name, tries,
							reason.tag());
				}
			}
			default -> {
				boolean limitOrRetried = tries > 1 || reason == GiveUpReason.MAX_TRIES
						|| reason == GiveUpReason.MAX_TIME || reason == GiveUpReason.RETRY_AFTER;
				if (limitOrRetried && isEnabled(this.giveUpLevel)) {
					write(this.giveUpLevel, "Giving up on {} (settings '{}') after {} tries ({}): {}", target, name,
							tries, reason.tag(), describe(failure, status));
				}
				else if (!limitOrRetried && this.logger.isDebugEnabled()) {
					this.logger.debug("Not retrying {} (settings '{}') ({}): {}", target, name, reason.tag(),
							describe(failure, status));
				}
			}
		}
	}

	private boolean isEnabled(LogLevel level) {
		return switch (level) {
			case TRACE -> this.logger.isTraceEnabled();
			case DEBUG -> this.logger.isDebugEnabled();
			case INFO -> this.logger.isInfoEnabled();
			case WARN -> this.logger.isWarnEnabled();
			case ERROR -> this.logger.isErrorEnabled();
			case OFF -> false;
		};
	}

	private void write(LogLevel level, String format, Object... arguments) {
		switch (level) {
			case TRACE -> this.logger.trace(format, arguments);
			case DEBUG -> this.logger.debug(format, arguments);
			case INFO -> this.logger.info(format, arguments);
			case WARN -> this.logger.warn(format, arguments);
			case ERROR -> this.logger.error(format, arguments);
			case OFF -> {
			}
		}
	}

	private boolean firstBudgetWarningThisMinute(String name) {
		long now = this.ticker.nanoTime();
		AtomicLong last = this.budgetWarnings.computeIfAbsent(name,
				(key) -> new AtomicLong(now - BUDGET_WARNING_INTERVAL));
		long previous = last.get();
		return now - previous >= BUDGET_WARNING_INTERVAL && last.compareAndSet(previous, now);
	}

	/**
	 * Names the outcome without its message or values, which may hold the call's data.
	 */
	private static String describe(@Nullable Throwable failure, int status) {
		if (failure == null) {
			return "returned a result to retry";
		}
		String withStatus = (status != StatusCodeExtractor.NO_STATUS) ? " (status " + status + ")" : "";
		return "failed with " + failure.getClass().getName() + withStatus;
	}

}
