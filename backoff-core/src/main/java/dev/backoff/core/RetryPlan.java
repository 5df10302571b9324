package dev.backoff.core;

import org.jspecify.annotations.Nullable;

/**
 * What every execution of one retrier shares, built once by the {@link Retrier} and
 * handed to each {@link RetryExecution} it starts, so that an execution needs nothing of
 * the retrier itself: its rules, its decision procedure, the registry's runtime, its
 * reporting and its budget.
 */
final class RetryPlan {

	final Rules rules;

	final RetryRuntime runtime;

	final RetryDecision decision;

	final RetryReporter reporter;

	final @Nullable RetryBudget budget;

	/** What a success puts back in the budget. */
	private final int refund;

	RetryPlan(Rules rules, RetryRuntime runtime, RetryReporter reporter, @Nullable RetryBudget budget) {
		this.rules = rules;
		this.runtime = runtime;
		this.decision = new RetryDecision(rules, runtime.extractor, runtime::nextRandom, budget);
		this.reporter = reporter;
		this.budget = budget;
		this.refund = rules.settings.budget().refund();
	}

	/**
	 * What a success does, on any try: the budget's refund, then its report (the count
	 * and the success events).
	 * @param following the listeners that follow the call from its first failure
	 */
	void succeeded(@Nullable Object result, @Nullable Object @Nullable [] arguments, int tries, long startNanos,
			RetryListener.CallListener[] following) {
		if (!this.runtime.enabled) {
			return;
		}
		RetryBudget budget = this.budget;
		if (budget != null) {
			budget.release(this.refund);
		}
		this.reporter.success(result, arguments, tries, startNanos, following);
	}

}
