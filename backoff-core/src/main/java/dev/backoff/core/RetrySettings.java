package dev.backoff.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * How a call is retried: limits, wait strategy, jitter and which failures count.
 * Immutable; built and validated by a {@link Builder}.
 * <p>
 * Counting rule, used everywhere: <em>tries = 1 + retries</em>. {@code maxTries} is the
 * total number of calls, the first included.
 * <p>
 * A {@link #builder()} starts from the Orion client's documented defaults
 * ({@link #defaults()}): decorrelated jitter, base 100 ms, cap 90 s, 11 tries (10
 * retries, nominally 192.2 s), statuses 404, 408, 429, 500, 502, 503 and 504 retried, a
 * 404 retried 8 times and a 429 retried 45 times or for one hour.
 *
 * @since 0.1.0
 */
public final class RetrySettings {

	/** Statuses retried by default. */
	public static final Set<Integer> DEFAULT_RETRY_ON_STATUS = Presets.RETRY_ON_STATUS;

	/**
	 * Per-status overrides by default: a 404 retried 8 times, a 429 45 times or one hour.
	 */
	public static final Map<Integer, StatusOverride> DEFAULT_STATUS_OVERRIDES = Presets.STATUS_OVERRIDES;

	private static final RetrySettings DEFAULTS = new Builder().build();

	private static final RetrySettings INTERACTIVE = interactiveFromPresets();

	private final int maxTries;

	private final @Nullable Duration maxTime;

	private final WaitStrategy strategy;

	private final Jitter jitter;

	private final Duration base;

	private final Duration cap;

	private final List<Class<? extends Throwable>> retryOn;

	private final List<Class<? extends Throwable>> giveUpOn;

	private final @Nullable Predicate<Throwable> giveUpWhen;

	private final @Nullable Predicate<Object> retryOnResult;

	private final Set<Integer> retryOnStatus;

	private final Map<Integer, StatusOverride> statusOverrides;

	private final boolean raiseOnGiveUp;

	private final BudgetSettings budget;

	private final @Nullable OutcomeWait outcomeWait;

	private final List<RetryListener> listeners;

	private final LoggingSettings logging;

	private final boolean enabled;

	private RetrySettings(Builder builder) {
		this.maxTries = builder.maxTries;
		this.maxTime = builder.maxTime;
		this.strategy = builder.strategy;
		this.jitter = (builder.jitter != null) ? builder.jitter
				: (builder.strategy.isRandomized() ? Jitter.none() : Jitter.full());
		this.base = builder.base;
		this.cap = builder.cap;
		this.retryOn = List.copyOf(builder.retryOn);
		this.giveUpOn = List.copyOf(builder.giveUpOn);
		this.giveUpWhen = builder.giveUpWhen;
		this.retryOnResult = builder.retryOnResult;
		this.retryOnStatus = Set.copyOf(builder.retryOnStatus);
		this.statusOverrides = Map.copyOf(builder.statusOverrides);
		this.raiseOnGiveUp = builder.raiseOnGiveUp;
		this.budget = builder.budget;
		this.outcomeWait = builder.outcomeWait;
		this.listeners = List.copyOf(builder.listeners);
		this.logging = builder.logging;
		this.enabled = builder.enabled;
	}

	/**
	 * Returns the Orion client's defaults, as described on this class.
	 * @return the default settings
	 */
	public static RetrySettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns the settings for a person waiting on a screen: the defaults but 4 tries, a
	 * 2 s cap and a 10 s budget (nominally 0.2+0.4+0.8 = 1.4 s of waiting); a 404 retried
	 * once and a 429 at most 3 times within the 10 s.
	 * @return the interactive settings
	 */
	public static RetrySettings interactive() {
		return INTERACTIVE;
	}

	/**
	 * Returns a builder that starts from {@link #defaults()}.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a builder that starts from these settings.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Returns the total calls allowed, the first included. Default 11.
	 * @return max-tries, at least 1
	 */
	public int maxTries() {
		return this.maxTries;
	}

	/**
	 * Returns the time budget for a whole invocation, sleeps included. Default none.
	 * @return max-time, or {@code null} for none
	 */
	public @Nullable Duration maxTime() {
		return this.maxTime;
	}

	/**
	 * Returns the wait strategy. Default decorrelated jitter.
	 * @return the strategy
	 */
	public WaitStrategy strategy() {
		return this.strategy;
	}

	/**
	 * Returns the jitter applied to each computed wait. Default full jitter, or none when
	 * the strategy draws its own randomness (decorrelated jitter).
	 * @return the jitter
	 */
	public Jitter jitter() {
		return this.jitter;
	}

	/**
	 * Returns the base wait. Default 100 ms.
	 * @return the base
	 */
	public Duration base() {
		return this.base;
	}

	/**
	 * Returns the longest single wait. Default 90 s.
	 * @return the cap
	 */
	public Duration cap() {
		return this.cap;
	}

	/**
	 * Returns the failure types that are retried. Default {@code Exception}.
	 * @return the types
	 */
	public List<Class<? extends Throwable>> retryOn() {
		return this.retryOn;
	}

	/**
	 * Returns the failure types that end retrying at once; they win over
	 * {@link #retryOn()}. Default none.
	 * @return the types
	 */
	public List<Class<? extends Throwable>> giveUpOn() {
		return this.giveUpOn;
	}

	/**
	 * Returns the predicate that ends retrying at once when it matches a failure.
	 * @return the predicate, or {@code null}
	 */
	public @Nullable Predicate<Throwable> giveUpWhen() {
		return this.giveUpWhen;
	}

	/**
	 * Returns the predicate on a call's result whose {@code true} means "retry".
	 * @return the predicate, or {@code null}
	 */
	public @Nullable Predicate<Object> retryOnResult() {
		return this.retryOnResult;
	}

	/**
	 * Returns the HTTP statuses that are retried; a failure carrying any other status
	 * ends retrying at once. Default 404, 408, 429, 500, 502, 503, 504.
	 * @return the statuses
	 */
	public Set<Integer> retryOnStatus() {
		return this.retryOnStatus;
	}

	/**
	 * Returns the per-status overrides. Default 404 and 429, as on this class.
	 * @return the overrides by status
	 */
	public Map<Integer, StatusOverride> statusOverrides() {
		return this.statusOverrides;
	}

	/**
	 * Whether a result that the result predicate still wants retried when the limits end
	 * is thrown as a {@link RetryGiveUpException} instead of returned. Default
	 * {@code false} (Python backoff returns the last result).
	 * @return raise-on-give-up
	 */
	public boolean raiseOnGiveUp() {
		return this.raiseOnGiveUp;
	}

	/**
	 * Returns the entry's retry budget. Default {@link BudgetSettings#DEFAULTS} (off).
	 * @return the budget's numbers
	 */
	public BudgetSettings budget() {
		return this.budget;
	}

	/**
	 * Returns the function that takes a wait from a try's outcome, if any; it is asked
	 * before the built-in {@code Retry-After} reading.
	 * @return the function, or {@code null}
	 */
	public @Nullable OutcomeWait outcomeWait() {
		return this.outcomeWait;
	}

	/**
	 * Returns the handlers that travel with these settings (Python backoff's
	 * {@code on_success}, {@code on_backoff} and {@code on_giveup}): told after the
	 * registry's listeners, in the order added, each isolated like a listener (one that
	 * throws is logged and skipped). They hear successes, backoffs and give-ups, and may
	 * follow a call from its first failure; new targets are told to the registry's
	 * listeners only. Default none.
	 * @return the handlers, in order
	 */
	public List<RetryListener> listeners() {
		return this.listeners;
	}

	/**
	 * Returns how retries under these settings are logged. Default
	 * {@link LoggingSettings#DEFAULTS}: logger {@code dev.backoff}, backoffs at INFO,
	 * give-ups at ERROR.
	 * @return the logging settings
	 */
	public LoggingSettings logging() {
		return this.logging;

	}

	/**
	 * Returns whether calls under these settings are retried at all. Default
	 * {@code true}; when {@code false}, each call is made once and a failure gives up
	 * with reason {@link GiveUpReason#DISABLED}.
	 * @return {@code true} if retrying is on
	 */
	public boolean enabled() {
		return this.enabled;
	}

	@Override
	public String toString() {
		return "RetrySettings[maxTries=" + this.maxTries + ", maxTime=" + this.maxTime + ", strategy=" + this.strategy
				+ ", jitter=" + this.jitter + ", base=" + this.base + ", cap=" + this.cap + ", retryOn="
				+ names(this.retryOn) + ", giveUpOn=" + names(this.giveUpOn) + ", retryOnStatus="
				+ new TreeSet<>(this.retryOnStatus) + ", statusOverrides=" + new TreeMap<>(this.statusOverrides)
				+ ", budget=" + this.budget + ", enabled=" + this.enabled + "]";
	}

	private static List<String> names(List<Class<? extends Throwable>> types) {
		return types.stream().map(Class::getName).toList();
	}

	/** The defaults with the interactive entry's changes, each status replaced. */
	private static RetrySettings interactiveFromPresets() {
		Builder builder = new Builder().maxTries(Presets.INTERACTIVE_MAX_TRIES)
			.maxTime(Presets.INTERACTIVE_MAX_TIME)
			.cap(Presets.INTERACTIVE_CAP);
		Presets.INTERACTIVE_STATUS_OVERRIDES.forEach(builder::status);
		return builder.build();
	}

	/**
	 * Builds {@link RetrySettings}. Each setter checks its value at once and names it in
	 * the error; {@link #build()} checks the rules that join several values.
	 * {@code build()} copies, so reusing a builder never changes settings built before.
	 */
	public static final class Builder {

		private int maxTries = Presets.MAX_TRIES;

		private @Nullable Duration maxTime;

		private WaitStrategy strategy = WaitStrategy.decorrelatedJitter();

		private @Nullable Jitter jitter;

		private Duration base = Presets.BASE;

		private Duration cap = Presets.CAP;

		private final List<Class<? extends Throwable>> retryOn = new ArrayList<>(List.of(Exception.class));

		private final List<Class<? extends Throwable>> giveUpOn = new ArrayList<>();

		private @Nullable Predicate<Throwable> giveUpWhen;

		private @Nullable Predicate<Object> retryOnResult;

		private final Set<Integer> retryOnStatus = new LinkedHashSet<>(DEFAULT_RETRY_ON_STATUS);

		private final Map<Integer, StatusOverride> statusOverrides = new HashMap<>(DEFAULT_STATUS_OVERRIDES);

		private boolean raiseOnGiveUp;

		private BudgetSettings budget = BudgetSettings.DEFAULTS;

		private @Nullable OutcomeWait outcomeWait;

		private final List<RetryListener> listeners = new ArrayList<>();

		private LoggingSettings logging = LoggingSettings.DEFAULTS;

		private boolean enabled = true;

		private Builder() {
		}

		private Builder(RetrySettings settings) {
			this.maxTries = settings.maxTries;
			this.maxTime = settings.maxTime;
			this.strategy = settings.strategy;
			this.jitter = settings.jitter;
			this.base = settings.base;
			this.cap = settings.cap;
			retryOn(settings.retryOn);
			giveUpOn(settings.giveUpOn);
			this.giveUpWhen = settings.giveUpWhen;
			this.retryOnResult = settings.retryOnResult;
			retryOnStatus(settings.retryOnStatus);
			statusOverrides(settings.statusOverrides);
			this.raiseOnGiveUp = settings.raiseOnGiveUp;
			this.budget = settings.budget;
			this.outcomeWait = settings.outcomeWait;
			this.listeners.addAll(settings.listeners);
			this.logging = settings.logging;
			this.enabled = settings.enabled;
		}

		/**
		 * Sets the total calls allowed, the first included.
		 * @param maxTries at least 1
		 * @return this builder
		 */
		public Builder maxTries(int maxTries) {
			this.maxTries = checkMaxTries("max-tries", maxTries);
			return this;
		}

		/**
		 * Sets the time budget for a whole invocation, sleeps included.
		 * @param maxTime positive, or {@code null} for none
		 * @return this builder
		 */
		public Builder maxTime(@Nullable Duration maxTime) {
			this.maxTime = (maxTime != null) ? checkPositive("max-time", maxTime) : null;
			return this;
		}

		/**
		 * Sets the wait strategy.
		 * @param strategy the strategy
		 * @return this builder
		 */
		public Builder strategy(WaitStrategy strategy) {
			this.strategy = Objects.requireNonNull(strategy, "strategy");
			return this;
		}

		/**
		 * Sets the jitter; {@code null} restores the default (full, or none for a
		 * strategy that draws its own randomness).
		 * @param jitter the jitter or {@code null}
		 * @return this builder
		 */
		public Builder jitter(@Nullable Jitter jitter) {
			this.jitter = jitter;
			return this;
		}

		/**
		 * Sets the base wait.
		 * @param base zero or positive
		 * @return this builder
		 */
		public Builder base(Duration base) {
			this.base = checkNotNegative("base", base);
			return this;
		}

		/**
		 * Sets the longest single wait.
		 * @param cap zero or positive, at least the base
		 * @return this builder
		 */
		public Builder cap(Duration cap) {
			this.cap = checkNotNegative("cap", cap);
			return this;
		}

		/**
		 * Sets the failure types that are retried (replacing the default
		 * {@code Exception}).
		 * @param types the types
		 * @return this builder
		 */
		public Builder retryOn(Collection<? extends Class<? extends Throwable>> types) {
			replace(this.retryOn, types, "retry-on");
			return this;
		}

		/**
		 * Sets the failure types that end retrying at once.
		 * @param types the types
		 * @return this builder
		 */
		public Builder giveUpOn(Collection<? extends Class<? extends Throwable>> types) {
			replace(this.giveUpOn, types, "give-up-on");
			return this;
		}

		/**
		 * Sets a predicate that ends retrying at once when it matches a failure (Python
		 * backoff's {@code giveup}).
		 * @param predicate the predicate, or {@code null} for none
		 * @return this builder
		 */
		@SuppressWarnings("unchecked")
		public Builder giveUpWhen(@Nullable Predicate<? super Throwable> predicate) {
			this.giveUpWhen = (Predicate<Throwable>) predicate;
			return this;
		}

		/**
		 * Sets a predicate on results whose {@code true} means "retry" (Python backoff's
		 * {@code on_predicate}). It must accept the results of the calls it is used with.
		 * @param predicate the predicate, or {@code null} for none
		 * @return this builder
		 */
		@SuppressWarnings("unchecked")
		public Builder retryOnResult(@Nullable Predicate<?> predicate) {
			this.retryOnResult = (Predicate<Object>) predicate;
			return this;
		}

		/**
		 * Sets the HTTP statuses that are retried.
		 * @param statuses each from 100 to 599
		 * @return this builder
		 */
		public Builder retryOnStatus(Collection<Integer> statuses) {
			Objects.requireNonNull(statuses, "retry-on-status");
			statuses.forEach((status) -> checkStatus("retry-on-status", status));
			this.retryOnStatus.clear();
			this.retryOnStatus.addAll(statuses);
			return this;
		}

		/**
		 * Sets (replaces) the override for one status; other statuses keep theirs.
		 * @param status from 100 to 599
		 * @param override the override
		 * @return this builder
		 */
		public Builder status(int status, StatusOverride override) {
			String prefix = "status." + checkStatus("status", status) + ".";
			Objects.requireNonNull(override, "override");
			if (override.maxTries() != null) {
				checkMaxTries(prefix + "max-tries", override.maxTries());
			}
			if (override.base() != null) {
				checkNotNegative(prefix + "base", override.base());
			}
			if (override.cap() != null) {
				checkNotNegative(prefix + "cap", override.cap());
			}
			if (override.maxTime() != null) {
				checkPositive(prefix + "max-time", override.maxTime());
			}
			this.statusOverrides.put(status, override);
			return this;
		}

		/**
		 * Sets (replaces) all per-status overrides.
		 * @param overrides the overrides by status
		 * @return this builder
		 */
		public Builder statusOverrides(Map<Integer, StatusOverride> overrides) {
			this.statusOverrides.clear();
			overrides.forEach(this::status);
			return this;
		}

		/**
		 * Sets whether a result still wanted retried at the end is thrown instead of
		 * returned.
		 * @param raiseOnGiveUp {@code true} to throw a {@link RetryGiveUpException}
		 * @return this builder
		 */
		public Builder raiseOnGiveUp(boolean raiseOnGiveUp) {
			this.raiseOnGiveUp = raiseOnGiveUp;
			return this;
		}

		/**
		 * Sets a function that takes the wait from a try's outcome (Python backoff's
		 * {@code runtime}); see {@link OutcomeWait} for how such a wait is honoured.
		 * @param outcomeWait the function, or {@code null} for none
		 * @return this builder
		 */
		public Builder outcomeWait(@Nullable OutcomeWait outcomeWait) {
			this.outcomeWait = outcomeWait;
			return this;
		}

		/**
		 * Sets the retry budget (a token bucket shared by every call of the entry).
		 * @param budget the budget's numbers
		 * @return this builder
		 */
		public Builder budget(BudgetSettings budget) {
			this.budget = Objects.requireNonNull(budget, "budget");
			return this;
		}

		/**
		 * Adds a handler of successes, called with each success event after the
		 * registry's listeners (Python backoff's {@code on_success}); may be called
		 * several times.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder onSuccess(Consumer<RetryEvent> handler) {
			return listener(new SuccessHandler(Objects.requireNonNull(handler, "handler")));
		}

		/**
		 * Adds a handler of backoffs, called after a failed try before its wait (Python
		 * backoff's {@code on_backoff}); may be called several times.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder onBackoff(Consumer<RetryEvent> handler) {
			return listener(new BackoffHandler(Objects.requireNonNull(handler, "handler")));
		}

		/**
		 * Adds a handler of give-ups, called when retrying ends without success (Python
		 * backoff's {@code on_giveup}); may be called several times.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder onGiveUp(Consumer<RetryEvent> handler) {
			return listener(new GiveUpHandler(Objects.requireNonNull(handler, "handler")));
		}

		/**
		 * Adds a listener that travels with these settings, told after the registry's
		 * listeners and the handlers added before it; see
		 * {@link RetrySettings#listeners()}.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(RetryListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/**
		 * Sets (replaces) every handler and listener that travels with these settings.
		 * @param listeners the listeners, in order; empty for none
		 * @return this builder
		 */
		public Builder listeners(Collection<? extends RetryListener> listeners) {
			Objects.requireNonNull(listeners, "listeners");
			listeners.forEach((listener) -> Objects.requireNonNull(listener, "listeners must not contain null"));
			this.listeners.clear();
			this.listeners.addAll(listeners);
			return this;
		}

		/**
		 * Sets how retries under these settings are logged: the logger and the levels of
		 * backoffs and give-ups.
		 * @param logging the logging settings
		 * @return this builder
		 */
		public Builder logging(LoggingSettings logging) {
			this.logging = Objects.requireNonNull(logging, "logging");

			return this;
		}

		/**
		 * Switches retrying on or off for these settings alone, say for an operator
		 * during an incident. Default on.
		 * @param enabled {@code false} to make each call once (give-up reason
		 * {@link GiveUpReason#DISABLED})
		 * @return this builder
		 */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * Checks the rules that join several values and builds the settings.
		 * @return the settings
		 * @throws InvalidRetrySettingsException if base exceeds cap, for the entry or a
		 * status
		 */
		public RetrySettings build() {
			if (this.base.compareTo(this.cap) > 0) {
				throw new InvalidRetrySettingsException("base", this.base,
						"at most the cap (" + Durations.format(this.cap) + ")");
			}
			for (Map.Entry<Integer, StatusOverride> entry : this.statusOverrides.entrySet()) {
				Duration statusBase = Objects.requireNonNullElse(entry.getValue().base(), this.base);
				Duration statusCap = Objects.requireNonNullElse(entry.getValue().cap(), this.cap);
				if (statusBase.compareTo(statusCap) > 0) {
					throw new InvalidRetrySettingsException("status." + entry.getKey() + ".base", statusBase,
							"at most the cap for that status (" + Durations.format(statusCap) + ")");
				}
			}
			return new RetrySettings(this);
		}

		private static void replace(List<Class<? extends Throwable>> target,
				Collection<? extends Class<? extends Throwable>> types, String name) {
			Objects.requireNonNull(types, name);
			for (Class<? extends Throwable> type : types) {
				Objects.requireNonNull(type, () -> name + " must not contain null");
			}
			target.clear();
			target.addAll(types);
		}

		private static int checkMaxTries(String name, int value) {
			if (value < 1) {
				throw new InvalidRetrySettingsException(name, value, "at least 1");
			}
			return value;
		}

		private static Duration checkNotNegative(String name, Duration value) {
			Objects.requireNonNull(value, name);
			if (value.isNegative()) {
				throw new InvalidRetrySettingsException(name, value, "zero or positive");
			}
			return value;
		}

		private static Duration checkPositive(String name, Duration value) {
			if (value.isNegative() || value.isZero()) {
				throw new InvalidRetrySettingsException(name, value, "positive");
			}
			return value;
		}

		private static int checkStatus(String name, @Nullable Integer status) {
			if (status == null || status < 100 || status > 599) {
				throw new InvalidRetrySettingsException(name, status, "an HTTP status from 100 to 599");
			}
			return status;
		}

		/*
		 * One record per kind, each overriding only its method, so that the engine builds
		 * events of the other kinds only if someone else listens to them.
		 */

		private record SuccessHandler(Consumer<RetryEvent> handler) implements RetryListener {

			@Override
			public void onSuccess(RetryEvent event) {
				this.handler.accept(event);
			}

			@Override
			public String toString() {
				return "onSuccess handler " + this.handler;
			}

		}

		private record BackoffHandler(Consumer<RetryEvent> handler) implements RetryListener {

			@Override
			public void onBackoff(RetryEvent event) {
				this.handler.accept(event);
			}

			@Override
			public String toString() {
				return "onBackoff handler " + this.handler;
			}

		}

		private record GiveUpHandler(Consumer<RetryEvent> handler) implements RetryListener {

			@Override
			public void onGiveUp(RetryEvent event) {
				this.handler.accept(event);
			}

			@Override
			public String toString() {
				return "onGiveUp handler " + this.handler;
			}

		}

	}

}
