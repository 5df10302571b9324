package dev.backoff.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The named settings entries, and the time, listeners and status extraction that their
 * retriers share. Entries can be replaced at run time; the change takes effect on the
 * next call, without a restart.
 * <p>
 * Two entries always exist: {@code default} ({@link RetrySettings#defaults()} unless
 * given) and {@code interactive} ({@link RetrySettings#interactive()} unless given). The
 * entries are one immutable snapshot, swapped atomically, so concurrent replacements
 * never lose one.
 *
 * @since 0.1.0
 */
public final class RetryRegistry {

	/** The entry a bare {@code @Retryable} uses. */
	public static final String DEFAULT = Presets.DEFAULT_NAME;

	/** The built-in entry with short limits, for a person waiting on the result. */
	public static final String INTERACTIVE = Presets.INTERACTIVE_NAME;

	/**
	 * Swaps {@link #entries}: a field of its own spares every call the extra load of an
	 * AtomicReference.
	 */
	private static final AtomicReferenceFieldUpdater<RetryRegistry, Entries> ENTRIES = AtomicReferenceFieldUpdater
		.newUpdater(RetryRegistry.class, Entries.class, "entries");

	private volatile Entries entries;

	private final RetryRuntime runtime;

	private RetryRegistry(Builder builder) {
		this.runtime = new RetryRuntime(builder.runtime);
		Map<String, Retrier> retriers = new LinkedHashMap<>();
		builder.settings.forEach((name, settings) -> retriers.put(name, newRetrier(name, settings)));
		this.entries = new Entries(Map.copyOf(retriers), 0);
	}

	/**
	 * Returns a registry with the two built-in entries, real time and no listeners.
	 * @return the registry
	 */
	public static RetryRegistry ofDefaults() {
		return builder().build();
	}

	/**
	 * Returns a new builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the settings of an entry.
	 * @param name the entry's name
	 * @return the settings
	 * @throws NoSuchElementException if there is no such entry
	 */
	public RetrySettings settings(String name) {
		return retrier(name).settings();
	}

	/**
	 * Returns the retrier of an entry. After {@link #replace}, this returns a new
	 * retrier.
	 * @param name the entry's name
	 * @return the retrier
	 * @throws NoSuchElementException if there is no such entry
	 */
	public Retrier retrier(String name) {
		Retrier retrier = this.entries.retriers.get(Objects.requireNonNull(name, "name"));
		if (retrier == null) {
			throw new NoSuchElementException("No retry settings named '" + name + "'; the entries are " + names()
					+ ". Add backoff.settings." + name + ".* or name one of them.");
		}
		return retrier;
	}

	/**
	 * Returns a retrier for settings that are not registered (for example an entry with
	 * one method's overrides), sharing this registry's time, listeners, budgets and
	 * status extraction.
	 * @param name the entry's name, as events name it
	 * @param settings the settings
	 * @return the retrier
	 */
	Retrier newRetrier(String name, RetrySettings settings) {
		return new Retrier(name, name, settings, this.runtime);
	}

	/**
	 * Returns the entries' names, sorted.
	 * @return the names
	 */
	public Set<String> names() {
		return new TreeSet<>(this.entries.retriers.keySet());
	}

	/**
	 * Whether this registry has an entry of that name.
	 * @param name the name
	 * @return {@code true} if it has
	 */
	public boolean contains(String name) {
		return this.entries.retriers.containsKey(name);
	}

	/**
	 * Replaces (or adds) an entry; calls that start afterwards use the new settings.
	 * Atomic: of two concurrent replacements, both take effect, in some order.
	 * @param name the entry's name
	 * @param settings the new settings
	 */
	public void replace(String name, RetrySettings settings) {
		replaceAll(Map.of(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings")));
	}

	/**
	 * Replaces (or adds) several entries in one step: a call that starts afterwards sees
	 * every new entry, one that started before sees none of them, and no call sees some
	 * of them only. A retrier already running keeps the settings it started with. Budgets
	 * keep their tokens unless the capacity changes.
	 * @param settings the new settings by entry name; entries not named are kept
	 */
	public void replaceAll(Map<String, RetrySettings> settings) {
		Objects.requireNonNull(settings, "settings");
		Map<String, Retrier> replacements = new LinkedHashMap<>();
		settings.forEach((name, each) -> replacements.put(Objects.requireNonNull(name, "name"),
				newRetrier(name, Objects.requireNonNull(each, "settings of " + name))));
		ENTRIES.updateAndGet(this, (current) -> {
			Map<String, Retrier> retriers = new LinkedHashMap<>(current.retriers);
			retriers.putAll(replacements);
			return new Entries(Map.copyOf(retriers), current.version + 1);
		});
	}

	/**
	 * Returns a number that changes whenever an entry is replaced, so that derived
	 * retriers can be cached and rebuilt only then.
	 * @return the version
	 */
	int version() {
		return this.entries.version;
	}

	/**
	 * Returns the retry budget of an entry (its bucket in the registry's store), whether
	 * or not the entry's budget is enabled.
	 * @param name the entry's name
	 * @return the bucket
	 * @throws NoSuchElementException if there is no such entry
	 */
	public RetryBudget budget(String name) {
		Retrier retrier = retrier(name);
		// the entry's own bucket when it rations: the one its calls draw on, whatever
		// else changed
		RetryBudget own = retrier.budget();
		return (own != null) ? own : this.runtime.budget(name, retrier.settings().budget());
	}

	/**
	 * Whether retrying is on; when off, every retrier calls exactly once.
	 * @return {@code true} if on
	 */
	public boolean isEnabled() {
		return this.runtime.enabled;
	}

	/** One immutable snapshot of the entries. */
	private record Entries(Map<String, Retrier> retriers, int version) {
	}

	/**
	 * Builds a {@link RetryRegistry}. Defaults: real time ({@link Ticker#system()},
	 * {@link Sleeper#system()}), a shared daemon timer thread that also runs the
	 * asynchronous retries (so their suppliers should not block), no listeners, no status
	 * extraction but {@link HttpStatusHolder}, {@code ThreadLocalRandom}, in-memory
	 * budgets.
	 */
	public static final class Builder {

		private final Map<String, RetrySettings> settings = new LinkedHashMap<>();

		/** Everything but the entries: what the registry's retriers share. */
		private final RetryRuntime.Options runtime = new RetryRuntime.Options();

		private Builder() {
			this.settings.put(DEFAULT, RetrySettings.defaults());
			this.settings.put(INTERACTIVE, RetrySettings.interactive());
		}

		/**
		 * Adds or replaces a named entry.
		 * @param name the name
		 * @param settings the settings
		 * @return this builder
		 */
		public Builder settings(String name, RetrySettings settings) {
			this.settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
			return this;
		}

		/**
		 * Turns retrying on or off (harborapi's {@code retry=None}). Default on.
		 * @param enabled {@code false} to make every retrier call exactly once
		 * @return this builder
		 */
		public Builder enabled(boolean enabled) {
			this.runtime.enabled = enabled;
			return this;
		}

		/**
		 * Sets whether a retrier called inside another retrying call's try retries too.
		 * Off by default: the inner call makes one try and the outer one does the
		 * retrying, so retries at several layers never multiply (11 x 11 = 121 calls for
		 * one request).
		 * @param allow {@code true} to let every layer retry
		 * @return this builder
		 */
		public Builder nestedRetries(boolean allow) {
			this.runtime.nestedRetries = allow;
			return this;
		}

		/**
		 * Sets the monotonic time source that max-time and elapsed times are measured
		 * with.
		 * @param ticker the ticker
		 * @return this builder
		 */
		public Builder ticker(Ticker ticker) {
			this.runtime.ticker = Objects.requireNonNull(ticker, "ticker");
			return this;
		}

		/**
		 * Sets how blocking retries wait.
		 * @param sleeper the sleeper
		 * @return this builder
		 */
		public Builder sleeper(Sleeper sleeper) {
			this.runtime.sleeper = Objects.requireNonNull(sleeper, "sleeper");
			return this;
		}

		/**
		 * Sets the timer of asynchronous retries' waits.
		 * @param scheduler the scheduler
		 * @return this builder
		 */
		public Builder scheduler(Scheduler scheduler) {
			this.runtime.scheduler = Objects.requireNonNull(scheduler, "scheduler");
			return this;
		}

		/**
		 * Sets where asynchronous retries run their next try once the wait is over.
		 * Default: the scheduler's timer thread itself.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.runtime.executor = Objects.requireNonNull(executor, "executor");
			return this;
		}

		/**
		 * Sets how an asynchronous call carries the caller's thread-bound context (MDC,
		 * security, tracing) to its retries: {@code capture} is called on the calling
		 * thread when the call starts, and what it returns runs each retry on the
		 * executor (the Spring layer uses Micrometer's context-propagation). Default:
		 * nothing is carried.
		 * @param capture wraps the task that makes a retry
		 * @return this builder
		 */
		public Builder contextCapture(UnaryOperator<Runnable> capture) {
			this.runtime.contextCapture = Objects.requireNonNull(capture, "capture");
			return this;
		}

		/**
		 * Sets time for tests: {@code fakeTime} (typically a
		 * {@link dev.backoff.core.test.FakeTime}) as ticker, sleeper and scheduler, and
		 * asynchronous retries run on the thread that times them.
		 * @param <T> a type that is all three seams
		 * @param fakeTime the fake time
		 * @return this builder
		 */
		public <T extends Ticker & Sleeper & Scheduler> Builder fakeTime(T fakeTime) {
			return ticker(fakeTime).sleeper(fakeTime).scheduler(fakeTime).executor(Runnable::run);
		}

		/**
		 * Adds a listener, called in the order added.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(RetryListener listener) {
			this.runtime.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Adds a status extractor, asked in the order added.
		 * @param extractor the extractor
		 * @return this builder
		 */
		public Builder statusCodeExtractor(StatusCodeExtractor extractor) {
			this.runtime.extractors.add(Objects.requireNonNull(extractor, "extractor"));
			return this;
		}

		/**
		 * Sets the random source for strategies and jitter, e.g. a seeded one for tests.
		 * Access is synchronized. Default {@code ThreadLocalRandom}.
		 * @param random the source
		 * @return this builder
		 */
		public Builder random(RandomGenerator random) {
			this.runtime.random = Objects.requireNonNull(random, "random");
			return this;
		}

		/**
		 * Sets where retry budgets live. Default {@link RetryBudgetStore#local()}.
		 * @param store the store
		 * @return this builder
		 */
		public Builder budgetStore(RetryBudgetStore store) {
			this.runtime.budgetStore = Objects.requireNonNull(store, "store");
			return this;
		}

		/**
		 * Builds the registry.
		 * @return the registry
		 */
		public RetryRegistry build() {
			return new RetryRegistry(this);
		}

	}

}
