package dev.backoff.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * What every retrier of a registry shares: time, the executor of asynchronous tries,
 * randomness, listeners, logging, status extraction, budgets, statistics and the on/off
 * switch.
 */
final class RetryRuntime {

	final boolean enabled;

	/**
	 * Whether a retrier inside another one's try retries too, instead of making one try.
	 */
	final boolean nestedRetries;

	final Ticker ticker;

	final Sleeper sleeper;

	final Scheduler scheduler;

	final Executor executor;

	/**
	 * Wraps, on the calling thread, what later runs an asynchronous call's tries
	 * elsewhere.
	 */
	final UnaryOperator<Runnable> contextCapture;

	final Listeners listeners;

	final RetryLog log;

	final StatusCodeExtractor extractor;

	private final @Nullable RandomGenerator random;

	private final RetryBudgetStore budgetStore;

	private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();

	private final Map<String, Map<String, RetryStatistics>> statistics = new ConcurrentHashMap<>();

	RetryRuntime(boolean enabled, boolean nestedRetries, Ticker ticker, Sleeper sleeper, Scheduler scheduler,
			Executor executor, UnaryOperator<Runnable> contextCapture, Listeners listeners,
			StatusCodeExtractor extractor, @Nullable RandomGenerator random, RetryBudgetStore budgetStore) {
		this.enabled = enabled;
		this.nestedRetries = nestedRetries;
		this.ticker = ticker;
		this.sleeper = sleeper;
		this.scheduler = scheduler;
		this.executor = executor;
		this.contextCapture = contextCapture;
		this.listeners = listeners;
		this.log = new RetryLog(ticker);
		this.extractor = extractor;
		this.random = random;
		this.budgetStore = budgetStore;
	}

	double nextRandom() {
		RandomGenerator source = this.random;
		if (source == null) {
			return ThreadLocalRandom.current().nextDouble();
		}
		synchronized (source) {
			return source.nextDouble();
		}
	}

	/**
	 * The bucket with {@code key} in the store, created on first use. Settings that
	 * change keep the bucket, and its tokens, unless they change its capacity: then the
	 * store is asked again for a bucket of the new capacity.
	 */
	RetryBudget budget(String key, BudgetSettings settings) {
		RetryBudget budget = this.budgets.get(key);
		if (budget != null && budget.capacity() == settings.capacity()) {
			return budget;
		}
		return this.budgets.compute(key,
				(k, existing) -> (existing != null && existing.capacity() == settings.capacity()) ? existing
						: this.budgetStore.budget(k, settings));
	}

	/** The counts of one target, created (and announced to listeners) on first use. */
	RetryStatistics statistics(String name, String target) {
		Map<String, RetryStatistics> byTarget = this.statistics.computeIfAbsent(name, (k) -> new ConcurrentHashMap<>());
		RetryStatistics existing = byTarget.get(target);
		if (existing != null) {
			return existing;
		}
		RetryStatistics created = new RetryStatistics(name, target);
		existing = byTarget.putIfAbsent(target, created);
		if (existing != null) {
			return existing;
		}
		this.listeners.newTarget(created);
		return created;
	}

}
