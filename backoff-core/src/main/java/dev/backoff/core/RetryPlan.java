package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What every execution of one retrier shares, built once by the {@link Retrier} and
 * handed to each {@link RetryExecution} it starts, so that an execution needs nothing of
 * the retrier itself: its names, rules, runtime, listeners, log, statistics and budget.
 */
final class RetryPlan {

	final String name;

	final String label;

	final Rules rules;

	final RetryRuntime runtime;

	/**
	 * The registry's listeners, then the settings' handlers: the registry's own when
	 * there are none.
	 */
	final Listeners listeners;

	/** The entry's log lines, as its logging settings say, resolved once. */
	final RetryLog log;

	final RetryStatistics statistics;

	final @Nullable RetryBudget budget;

	/** What a success puts back in the budget. */
	private final int refund;

	RetryPlan(String name, String label, Rules rules, RetryRuntime runtime, Listeners listeners, RetryLog log,
			@Nullable RetryBudget budget) {
		this.name = name;
		this.label = label;
		this.rules = rules;
		this.runtime = runtime;
		this.listeners = listeners;
		this.log = log;
		this.statistics = runtime.statistics(name, label);
		this.budget = budget;
		this.refund = rules.settings.budget().refund();
	}

	/**
	 * What a success does, on any try: statistics, the budget's refund, success events.
	 */
	void succeeded(@Nullable Object result, @Nullable Object @Nullable [] arguments, int tries, long startNanos) {
		if (!this.runtime.enabled) {
			return;
		}
		if (this.runtime.listeners.onNewTarget) {
			this.statistics.successes.increment();
		}
		RetryBudget budget = this.budget;
		if (budget != null) {
			budget.release(this.refund);
		}
		if (this.listeners.onSuccess) {
			this.listeners.success(new RetryEvent(this.name, this.label, arguments, tries,
					Duration.ofNanos(this.runtime.ticker.nanoTime() - startNanos), null, null, result, null, null));
		}
	}

}
