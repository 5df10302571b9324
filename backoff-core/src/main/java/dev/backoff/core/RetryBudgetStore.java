package dev.backoff.core;

/**
 * Where retry budgets live: in memory ({@link #local()}, one bucket per entry per
 * process) or in a store a whole fleet shares (the Spring layer's Redis store). A
 * registry asks its store once per bucket key and keeps the bucket. The buckets of a
 * store reached over the network answer the non-blocking forms of retrying without
 * blocking their thread ({@link RetryBudget#tryAcquireAsync}).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RetryBudgetStore {

	/**
	 * Returns the bucket for {@code key}, created full on first use.
	 * @param key the bucket's name: the settings entry's name (the HTTP interceptor adds
	 * the host)
	 * @param settings the budget's numbers
	 * @return the bucket
	 */
	RetryBudget budget(String key, BudgetSettings settings);

	/**
	 * Returns the in-memory store: each bucket is one atomic integer in this process.
	 * @return the store
	 */
	static RetryBudgetStore local() {
		return LocalRetryBudget::new;
	}

}
