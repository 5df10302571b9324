package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What the executions of one retrier report, built once with it: events to listeners (the
 * registry's, then the settings' handlers, and those that follow a call from its first
 * failure), the count of successes, and log lines. Events are built only when someone
 * listens. With retrying switched off for the whole registry, nothing is reported.
 */
final class RetryReporter {

	/** The listeners of a call that none follows. */
	static final RetryListener.CallListener[] NOT_FOLLOWED = {};

	final String name;

	final String label;

	/**
	 * The registry's listeners, then the settings' handlers: the registry's own when
	 * there are none.
	 */
	final Listeners listeners;

	/** The entry's log lines, as its logging settings say, resolved once. */
	final RetryLog log;

	final RetryStatistics statistics;

	private final Ticker ticker;

	private final boolean enabled;

	/** Whether successes are counted: only while some listener reads the counts. */
	private final boolean countsSuccesses;

	RetryReporter(String name, String label, Listeners listeners, RetryLog log, RetryRuntime runtime) {
		this.name = name;
		this.label = label;
		this.listeners = listeners;
		this.log = log;
		this.statistics = runtime.statistics(name, label);
		this.ticker = runtime.ticker;
		this.enabled = runtime.enabled;
		this.countsSuccesses = runtime.listeners.onNewTarget;
	}

	/** Whether some listener needs the time an invocation started: for elapsed times. */
	boolean needsElapsed() {
		return this.listeners.needsElapsed;
	}

	/**
	 * Asks the listeners whether they follow a call from its first failure, recorded last
	 * in {@code history}.
	 * @return those that follow it; {@link #NOT_FOLLOWED} if none does
	 */
	RetryListener.CallListener[] firstFailure(TryHistory history, @Nullable Object @Nullable [] arguments, long now) {
		if (!this.listeners.onFirstFailure || !this.enabled) {
			return NOT_FOLLOWED;
		}
		return this.listeners.firstFailure(event(history, arguments, now, null, null));
	}

	/**
	 * Reports a success, on any try: the count, and the success events.
	 * @param following the listeners that follow the call: told it has ended
	 */
	void success(@Nullable Object result, @Nullable Object @Nullable [] arguments, int tries, long startNanos,
			RetryListener.CallListener[] following) {
		if (this.countsSuccesses) {
			this.statistics.successes.increment();
		}
		boolean onSuccess = this.listeners.onSuccess;
		if (onSuccess || following.length > 0) {
			RetryEvent event = new RetryEvent(this.name, this.label, arguments, tries,
					Duration.ofNanos(this.ticker.nanoTime() - startNanos), null, null, result, null, null);
			if (onSuccess) {
				this.listeners.success(event);
			}
			this.listeners.tellCall(following, event, RetryListener.CallListener::onEnd);
		}
	}

	/** Reports a retry decided on the last try of {@code history}, before its wait. */
	void backoff(TryHistory history, @Nullable Object @Nullable [] arguments, long now, long waitNanos,
			RetryListener.CallListener[] following) {
		this.log.backoff(this.name, this.label, history.tries(), waitNanos, history.failure(), history.status());
		if (this.listeners.onBackoff || following.length > 0) {
			RetryEvent event = event(history, arguments, now, Duration.ofNanos(waitNanos), null);
			this.listeners.backoff(event);
			this.listeners.tellCall(following, event, RetryListener.CallListener::onBackoff);
		}
	}

	/** Reports that retrying ended without success, for {@code reason}. */
	void giveUp(TryHistory history, @Nullable Object @Nullable [] arguments, GiveUpReason reason,
			RetryListener.CallListener[] following) {
		if (!this.enabled) {
			return;
		}
		this.log.giveUp(this.name, this.label, history.tries(), reason, history.failure(), history.status());
		if (this.listeners.onGiveUp || following.length > 0) {
			RetryEvent event = event(history, arguments, this.ticker.nanoTime(), null, reason);
			this.listeners.giveUp(event);
			this.listeners.tellCall(following, event, RetryListener.CallListener::onEnd);
		}
	}

	private RetryEvent event(TryHistory history, @Nullable Object @Nullable [] arguments, long now,
			@Nullable Duration wait, @Nullable GiveUpReason reason) {
		int status = history.status();
		return new RetryEvent(this.name, this.label, arguments, history.tries(),
				Duration.ofNanos(now - history.startNanos()), wait, history.failure(), history.result(),
				(status != StatusCodeExtractor.NO_STATUS) ? status : null, reason);
	}

}
