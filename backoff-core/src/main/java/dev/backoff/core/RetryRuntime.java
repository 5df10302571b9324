package dev.backoff.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

	RetryRuntime(Options options) {
		this.enabled = options.enabled;
		this.nestedRetries = options.nestedRetries;
		this.ticker = options.ticker;
		this.sleeper = options.sleeper;
		this.scheduler = (options.scheduler != null) ? options.scheduler : SharedScheduler.INSTANCE;
		this.executor = (options.executor != null) ? options.executor : Runnable::run;
		this.contextCapture = options.contextCapture;
		this.listeners = new Listeners(options.listeners);
		this.log = new RetryLog(options.ticker);
		this.extractor = StatusCodeExtractor.composite(options.extractors);
		this.random = options.random;
		this.budgetStore = options.budgetStore;
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

	/**
	 * What a registry's builder sets, each with its default: a retrier made on its own
	 * ({@link Retrier#of}) runs on the defaults as they are. Real time, a shared daemon
	 * timer thread that also runs the asynchronous retries, no listeners, no status
	 * extraction but {@link HttpStatusHolder}, {@code ThreadLocalRandom}, in-memory
	 * budgets.
	 */
	static final class Options {

		boolean enabled = true;

		boolean nestedRetries;

		Ticker ticker = Ticker.system();

		Sleeper sleeper = Sleeper.system();

		/** The timer of asynchronous waits; {@code null} for the shared one. */
		@Nullable Scheduler scheduler;

		/** Where asynchronous retries run; {@code null} for the timer's thread. */
		@Nullable Executor executor;

		UnaryOperator<Runnable> contextCapture = UnaryOperator.identity();

		final List<RetryListener> listeners = new ArrayList<>();

		final List<StatusCodeExtractor> extractors = new ArrayList<>(List.of(StatusCodeExtractor.HOLDERS));

		/** The random source; {@code null} for {@code ThreadLocalRandom}. */
		@Nullable RandomGenerator random;

		RetryBudgetStore budgetStore = RetryBudgetStore.local();

	}

	/**
	 * The scheduler used when none is given: one daemon thread that only times, created
	 * on first use.
	 */
	private static final class SharedScheduler {

		static final Scheduler INSTANCE;

		static {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "backoff-timer");
				thread.setDaemon(true);
				return thread;
			});
			INSTANCE = Scheduler.of(executor);
		}

		private SharedScheduler() {
		}

	}

}
