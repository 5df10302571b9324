package dev.backoff.core;

/**
 * The numbers of an entry's retry budget, with the AWS SDKs' defaults: 500 tokens, a
 * retry costs 5, a success returns 1, and a retry paced by the server
 * ({@code Retry-After}) costs nothing. Off unless enabled: a budget changes outcomes once
 * retries pass about a fifth of successes, so turning it on is the user's choice.
 *
 * @param enabled whether retries are rationed at all (default {@code false})
 * @param capacity the most tokens the bucket holds (default 500), at least 1
 * @param retryCost tokens a retry takes (default 5), not negative
 * @param refund tokens a success returns (default 1), not negative
 * @param retryAfterCost tokens a server-paced retry takes (default 0), not negative
 * @since 0.1.0
 */
public record BudgetSettings(boolean enabled, int capacity, int retryCost, int refund, int retryAfterCost) {

	/** The AWS SDKs' numbers, switched off. */
	public static final BudgetSettings DEFAULTS = new BudgetSettings(false, 500, 5, 1, 0);

	/**
	 * Checks the numbers.
	 * @param enabled whether retries are rationed
	 * @param capacity at least 1
	 * @param retryCost not negative
	 * @param refund not negative
	 * @param retryAfterCost not negative
	 */
	public BudgetSettings {
		if (capacity < 1) {
			throw new InvalidRetrySettingsException("budget.capacity", capacity, "at least 1");
		}
		checkNotNegative("budget.retry-cost", retryCost);
		checkNotNegative("budget.refund", refund);
		checkNotNegative("budget.retry-after-cost", retryAfterCost);
	}

	private static void checkNotNegative(String name, int value) {
		if (value < 0) {
			throw new InvalidRetrySettingsException(name, value, "zero or positive");
		}
	}

	/**
	 * Returns these numbers, switched on.
	 * @return the enabled budget
	 */
	public BudgetSettings enable() {
		return new BudgetSettings(true, this.capacity, this.retryCost, this.refund, this.retryAfterCost);
	}

}
