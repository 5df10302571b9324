package dev.backoff.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine logs, on logger {@code dev.backoff}: each backoff at INFO; a give-up at
 * ERROR when a retry happened or a limit ended it, at DEBUG when a first failure is simply
 * not retried; the caller's own ending (cancelled, interrupted, shut down) at INFO; a
 * give-up for lack of budget at WARN, at most once per entry per minute. Lines name the
 * exception's class and status, never its message, the arguments or the result.
 */
final class RetryLog {

	static final Logger logger = LoggerFactory.getLogger("dev.backoff");

	private static final long BUDGET_WARNING_INTERVAL = TimeUnit.MINUTES.toNanos(1);

	/** When the last budget warning of each entry was logged, by the ticker. */
	private final Map<String, AtomicLong> budgetWarnings = new ConcurrentHashMap<>();

	private final Ticker ticker;

	RetryLog(Ticker ticker) {
		this.ticker = ticker;
	}

	void backoff(String name, String target, int tries, long waitNanos, @Nullable Throwable failure, int status) {
		if (logger.isInfoEnabled()) {
			logger.info("Retrying {} (settings '{}') in {} ms after try {} {}", target, name,
					TimeUnit.NANOSECONDS.toMillis(waitNanos), tries, describe(failure, status));
		}
	}

	void giveUp(String name, String target, int tries, GiveUpReason reason, @Nullable Throwable failure,
			int status) {
		switch (reason) {
			case BUDGET -> {
				if (logger.isWarnEnabled() && firstBudgetWarningThisMinute(name)) {
					logger.warn("Not retrying {} (settings '{}'): its retry budget is spent; further budget "
							+ "give-ups of this entry are not logged for a minute", target, name);
				}
			}
			case CANCELLED, INTERRUPTED, SHUTDOWN -> {
				if (logger.isInfoEnabled()) {
					logger.info("Stopped retrying {} (settings '{}') after {} tries ({})", target, name, tries,
							reason.tag());
				}
			}
			default -> {
				boolean limitOrRetried = tries > 1 || reason == GiveUpReason.MAX_TRIES
						|| reason == GiveUpReason.MAX_TIME || reason == GiveUpReason.RETRY_AFTER;
				if (limitOrRetried && logger.isErrorEnabled()) {
					logger.error("Giving up on {} (settings '{}') after {} tries ({}): {}", target, name, tries,
							reason.tag(), describe(failure, status));
				}
				else if (!limitOrRetried && logger.isDebugEnabled()) {
					logger.debug("Not retrying {} (settings '{}') ({}): {}", target, name, reason.tag(),
							describe(failure, status));
				}
			}
		}
	}

	private boolean firstBudgetWarningThisMinute(String name) {
		long now = this.ticker.nanoTime();
		AtomicLong last = this.budgetWarnings.computeIfAbsent(name, (key) -> new AtomicLong(now - BUDGET_WARNING_INTERVAL));
		long previous = last.get();
		return now - previous >= BUDGET_WARNING_INTERVAL && last.compareAndSet(previous, now);
	}

	/** Names the outcome without its message or values, which may hold the call's data. */
	private static String describe(@Nullable Throwable failure, int status) {
		if (failure == null) {
			return "returned a result to retry";
		}
		String withStatus = (status != StatusCodeExtractor.NO_STATUS) ? " (status " + status + ")" : "";
		return "failed with " + failure.getClass().getName() + withStatus;
	}

}
