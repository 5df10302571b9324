package dev.backoff.core;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls under one {@link RetrySettings}: the plain-call form of retrying
 * ({@code backoff-utils}' function call), also usable as a decorator. Thread-safe; share one
 * instance.
 * <pre class="code">
 * Retrier retrier = Retrier.of(RetrySettings.builder().maxTries(3).build());
 * String body = retrier.call(() -&gt; client.fetch());
 * </pre>
 * For each failure, in this order: a {@link NoRetry} scope ends retrying; a give-up-on type or
 * the give-up predicate ends it; a failure that is not a retry-on type ends it; a failure
 * carrying an HTTP status that is not retried ends it; max-tries (the status's if it has
 * one, else the entry's) ends it; then the wait is computed, and if it would cross max-time
 * (the entry's or the status's) retrying ends without sleeping.
 * <p>
 * The caller gets the last original exception, never wrapped, with up to
 * {@value Invocation#MAX_SUPPRESSED} earlier distinct ones attached as suppressed.
 *
 * @since 0.1.0
 */
public final class Retrier {

	private static final Logger logger = LoggerFactory.getLogger("dev.backoff");

	private static final Runnable NOTHING = () -> {
	};

	private final String name;

	private final String label;

	private final RetrySettings settings;

	private final RetryRuntime runtime;

	/** Whether the clock is read before the first try: for the entry's max-time, or for listeners. */
	private final boolean readsClockAtStart;

	/** Whether the clock is read at all: also for a status's max-time, from the first failure. */
	private final boolean readsClock;

	/** Whether a caller may make the first try itself (see {@link #firstTrySuccess}). */
	private final boolean callerMayTryFirst;

	Retrier(String name, String label, RetrySettings settings, RetryRuntime runtime) {
		this.name = Objects.requireNonNull(name, "name");
		this.label = Objects.requireNonNull(label, "label");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.runtime = runtime;
		this.readsClockAtStart = settings.isTimedFromStart() || runtime.hasListeners();
		this.readsClock = this.readsClockAtStart || settings.isTimed();
		this.callerMayTryFirst = runtime.enabled && !settings.isTimedFromStart() && settings.retryOnResult() == null;
	}

	/**
	 * Returns a retrier for the given settings with real time and no listeners. Use a
	 * {@link RetryRegistry} to share time seams, listeners and named settings.
	 * @param settings the settings
	 * @return the retrier, named {@code default}
	 */
	public static Retrier of(RetrySettings settings) {
		return new Retrier("default", "default", settings, RetryRuntime.DEFAULT);
	}

	/**
	 * Returns the name of the settings entry this retrier runs under.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the settings.
	 * @return the settings
	 */
	public RetrySettings settings() {
		return this.settings;
	}

	/**
	 * Returns a retrier like this one whose events and logs name {@code label} as the target.
	 * @param label a label from a bounded set (it becomes a metric tag), e.g. {@code billing.fetch}
	 * @return the labelled retrier
	 */
	public Retrier withLabel(String label) {
		return new Retrier(this.name, label, this.settings, this.runtime);
	}

	/**
	 * Calls {@code callable}, retrying as the settings say.
	 * @param <T> the result type
	 * @param callable the call
	 * @return the first result that is not retried (or, when the result predicate still wants
	 * a retry at the end, the last result)
	 * @throws Exception the last failure, as thrown by the call
	 */
	public <T> T call(Callable<T> callable) throws Exception {
		Objects.requireNonNull(callable, "callable");
		try {
			return execute(callable::call, this.label, null);
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UndeclaredThrowableException(ex);
		}
	}

	/**
	 * Runs {@code runnable}, retrying as the settings say.
	 * @param runnable the action
	 * @throws Exception the last failure, as thrown by the action
	 */
	public void run(CheckedRunnable runnable) throws Exception {
		Objects.requireNonNull(runnable, "runnable");
		call(() -> {
			runnable.run();
			return null;
		});
	}

	/**
	 * Returns {@code callable} wrapped so that each call is retried (the decorator form).
	 * @param <T> the result type
	 * @param callable the call
	 * @return the retrying call
	 */
	public <T> Callable<T> decorate(Callable<T> callable) {
		Objects.requireNonNull(callable, "callable");
		return () -> call(callable);
	}

	/**
	 * Calls {@code supplier} and retries the stage it returns without blocking a thread: each
	 * wait is scheduled, and the next try runs on the scheduler's thread.
	 * @param <T> the result type
	 * @param supplier makes one try; called again for each retry
	 * @return a stage completed with the outcome, or with the last original failure
	 */
	public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
		return executeAsync(supplier, this.label, null);
	}

	/**
	 * Starts an invocation that the caller drives, e.g. a reactive stream that retries by
	 * resubscribing.
	 * @param target what is called, as events and logs name it
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the session
	 */
	public RetrySession session(String target, @Nullable Object @Nullable [] arguments) {
		long start = this.readsClockAtStart ? this.runtime.nanoTime() : 0L;
		boolean noRetry = NoRetry.isActive() || !this.runtime.enabled;
		return new RetrySession(this, new Invocation(start, target, arguments, noRetry));
	}

	/**
	 * Calls {@code attempt}, retrying as the settings say. Nothing is allocated and the clock
	 * is not read when the first try succeeds, unless a listener or the entry's max-time needs
	 * it.
	 * @param <T> the result type
	 * @param attempt makes one try
	 * @param target what is called, as events and logs name it
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the result
	 * @throws Throwable the last failure, as thrown by the attempt
	 */
	public <T> T execute(Attempt<T> attempt, String target, @Nullable Object @Nullable [] arguments)
			throws Throwable {
		if (!this.runtime.enabled) {
			return attempt.call();
		}
		long start = this.readsClockAtStart ? this.runtime.nanoTime() : 0L;
		return loop(attempt, null, start, target, arguments);
	}

	/**
	 * Returns what a caller that makes the first try itself must run when that try succeeds,
	 * or {@code null} if it must not make the first try itself (then use {@link #execute}).
	 * On a failure of that try, the caller calls {@link #continueAfter}. This keeps the
	 * success path of the {@code @Retryable} interceptor as cheap as a plain proxy: no
	 * event, no clock. It is possible when the entry has no max-time, there is no result
	 * predicate, and every listener offers a {@link RetryListener#firstTrySuccess} action.
	 * Ask once per target and cache the answer with this retrier.
	 * @param target what is called, as events name it
	 * @return the action to run after a first-try success (possibly one that does nothing),
	 * or {@code null}
	 */
	public @Nullable Runnable firstTrySuccess(String target) {
		if (!this.callerMayTryFirst) {
			return null;
		}
		RetryListener[] listeners = this.runtime.listeners;
		if (listeners.length == 0) {
			return NOTHING;
		}
		Runnable[] actions = new Runnable[listeners.length];
		for (int i = 0; i < listeners.length; i++) {
			actions[i] = listeners[i].firstTrySuccess(this.name, target);
			if (actions[i] == null) {
				return null;
			}
		}
		if (actions.length == 1) {
			return actions[0];
		}
		return () -> {
			for (Runnable action : actions) {
				action.run();
			}
		};
	}

	/**
	 * Continues an invocation whose first try the caller made itself and which failed (see
	 * {@link #firstTrySuccess}): decides about that failure, then makes the retries exactly
	 * as {@link #execute} does. Events' elapsed time counts from this failure.
	 * @param <T> the result type
	 * @param firstFailure what the first try threw
	 * @param retry makes one more try
	 * @param target what is called, as events and logs name it
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the result of a retry
	 * @throws Throwable the last failure
	 */
	public <T> T continueAfter(Throwable firstFailure, Attempt<T> retry, String target,
			@Nullable Object @Nullable [] arguments) throws Throwable {
		long start = this.readsClockAtStart ? this.runtime.nanoTime() : 0L;
		Invocation invocation = new Invocation(start, target, arguments, NoRetry.isActive());
		invocation.record(firstFailure, null);
		long wait = decide(invocation);
		if (wait < 0) {
			throw invocation.failureToThrow();
		}
		sleep(invocation, wait);
		return loop(retry, invocation, start, target, arguments);
	}

	/** The retry loop: tries until a result is accepted or a give-up rule applies. */
	private <T> T loop(Attempt<T> attempt, @Nullable Invocation started, long start, String target,
			@Nullable Object @Nullable [] arguments) throws Throwable {
		Invocation invocation = started;
		while (true) {
			T result;
			try {
				result = attempt.call();
			}
			catch (Throwable failure) {
				if (invocation == null) {
					invocation = new Invocation(start, target, arguments, NoRetry.isActive());
				}
				invocation.record(failure, null);
				long wait = decide(invocation);
				if (wait < 0) {
					throw invocation.failureToThrow();
				}
				sleep(invocation, wait);
				continue;
			}
			Predicate<Object> retryOnResult = this.settings.retryOnResult();
			if (retryOnResult == null || !retryOnResult.test(result)) {
				if (this.runtime.hasListeners()) {
					succeeded(invocation, start, target, arguments);
				}
				return result;
			}
			if (invocation == null) {
				invocation = new Invocation(start, target, arguments, NoRetry.isActive());
			}
			invocation.record(null, result);
			long wait = decide(invocation);
			if (wait < 0) {
				return resultOnGiveUp(invocation, result, null);
			}
			sleep(invocation, wait);
		}
	}

	/**
	 * Calls {@code supplier} and retries the stage it returns without blocking; the form the
	 * {@code @Retryable} interceptor uses for {@code CompletionStage} methods.
	 * @param <T> the result type
	 * @param supplier makes one try
	 * @param target what is called, as events and logs name it
	 * @param arguments the call's arguments, passed to listeners only
	 * @return a stage completed with the outcome
	 */
	public <T> CompletableFuture<T> executeAsync(Supplier<? extends CompletionStage<T>> supplier, String target,
			@Nullable Object @Nullable [] arguments) {
		Objects.requireNonNull(supplier, "supplier");
		CompletableFuture<T> promise = new CompletableFuture<>();
		if (!this.runtime.enabled) {
			AsyncTries.once(supplier, promise);
			return promise;
		}
		long start = this.readsClockAtStart ? this.runtime.nanoTime() : 0L;
		new AsyncTries<>(supplier, promise, new Invocation(start, target, arguments, NoRetry.isActive())).attempt();
		return promise;
	}

	/**
	 * Decides after a try that asked for a retry.
	 * @return the wait in nanoseconds before the next try, or -1 to give up
	 */
	long decide(Invocation invocation) {
		GiveUpReason reason = null;
		Throwable failure = invocation.failure;
		if (invocation.noRetry) {
			reason = GiveUpReason.NO_RETRY;
		}
		else if (failure != null) {
			reason = classify(failure, invocation);
		}
		RetrySettings.Rule rule = this.settings.rule(invocation.status);
		long wait = 0;
		long now = this.readsClock ? this.runtime.nanoTime() : 0L;
		if (invocation.tries == 1) {
			invocation.firstFailureNanos = now;
		}
		if (reason == null && invocation.tries >= rule.maxTries()) {
			reason = GiveUpReason.MAX_TRIES;
		}
		if (reason == null) {
			wait = nextWait(invocation, rule, failure);
			if (this.readsClock && wait > remainingNanos(invocation, rule, now)) {
				reason = GiveUpReason.MAX_TIME;
			}
		}
		if (reason != null) {
			invocation.reason = reason;
			gaveUp(invocation);
			return -1;
		}
		invocation.previousWaitNanos = wait;
		backingOff(invocation, now, wait);
		return wait;
	}

	/**
	 * The time left before the first deadline: the entry's max-time counts from the start of
	 * the first try, a status's from the end of the first failed try.
	 */
	private long remainingNanos(Invocation invocation, RetrySettings.Rule rule, long now) {
		long entryLimit = this.settings.rule().maxTimeNanos();
		long remaining = (entryLimit == Long.MAX_VALUE) ? Long.MAX_VALUE
				: entryLimit - (now - invocation.startNanos);
		if (rule.forStatus() && rule.maxTimeNanos() != Long.MAX_VALUE) {
			remaining = Math.min(remaining, rule.maxTimeNanos() - (now - invocation.firstFailureNanos));
		}
		return remaining;
	}

	private @Nullable GiveUpReason classify(Throwable failure, Invocation invocation) {
		Predicate<Throwable> giveUpWhen = this.settings.giveUpWhen();
		if (this.settings.isGiveUpOn(failure) || (giveUpWhen != null && giveUpWhen.test(failure))) {
			return GiveUpReason.GIVE_UP_ON;
		}
		if (!this.settings.isRetryOn(failure)) {
			return GiveUpReason.NOT_RETRYABLE;
		}
		int status = this.runtime.extractor.status(failure);
		invocation.status = status;
		if (status != StatusCodeExtractor.NO_STATUS && !this.settings.retryOnStatus().contains(status)) {
			return GiveUpReason.NOT_RETRYABLE;
		}
		return null;
	}

	private long nextWait(Invocation invocation, RetrySettings.Rule rule, @Nullable Throwable failure) {
		if (failure != null && invocation.status != StatusCodeExtractor.NO_STATUS) {
			Duration retryAfter = this.runtime.extractor.retryAfter(failure);
			if (retryAfter != null) {
				return clamp(saturatedNanos(retryAfter), rule.capNanos());
			}
		}
		long previous = (invocation.previousWaitNanos >= 0) ? invocation.previousWaitNanos : rule.baseNanos();
		WaitStrategy strategy = this.settings.strategy();
		double random = strategy.isRandomized() ? this.runtime.nextRandom() : 0.5;
		long wait = clamp(strategy.waitNanos(invocation.tries, previous, rule.baseNanos(), rule.capNanos(), random),
				rule.capNanos());
		Jitter jitter = this.settings.jitter();
		if (jitter != Jitter.none() && wait > 0) {
			wait = clamp(jitter.apply(wait, this.runtime.nextRandom()), rule.capNanos());
		}
		return wait;
	}

	private static long clamp(long nanos, long capNanos) {
		return Math.max(0, Math.min(nanos, capNanos));
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? 0 : Long.MAX_VALUE;
		}
	}

	private void sleep(Invocation invocation, long waitNanos) throws Throwable {
		InterruptedException interrupted = sleepInterruptibly(invocation, waitNanos);
		if (interrupted == null) {
			return;
		}
		if (invocation.failure == null) {
			throw new RetryGiveUpException("Interrupted while waiting to retry " + invocation.target,
					GiveUpReason.INTERRUPTED, invocation.result, interrupted);
		}
		Throwable last = invocation.failureToThrow();
		last.addSuppressed(interrupted);
		throw last;
	}

	/**
	 * Waits; on an interrupt, keeps the thread's flag and records the give-up.
	 * @return {@code null} if the wait completed, else the interrupt
	 */
	@Nullable InterruptedException sleepInterruptibly(Invocation invocation, long waitNanos) {
		if (waitNanos == 0) {
			return null;
		}
		try {
			this.runtime.sleeper.sleep(Duration.ofNanos(waitNanos));
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			invocation.reason = GiveUpReason.INTERRUPTED;
			gaveUp(invocation);
			return ex;
		}
	}

	@SuppressWarnings("unchecked")
	private <T> T resultOnGiveUp(Invocation invocation, @Nullable Object result, @Nullable Throwable cause) {
		if (this.settings.raiseOnGiveUp()) {
			throw new RetryGiveUpException("Gave up on " + invocation.target + " after " + invocation.tries
					+ " tries: the result was still to be retried (" + invocation.reason.tag() + ")",
					invocation.reason, result, cause);
		}
		return (T) result;
	}

	private void succeeded(@Nullable Invocation invocation, long start, String target,
			@Nullable Object @Nullable [] arguments) {
		if (invocation == null) {
			this.runtime.notifySuccess(new RetryEvent(this.name, target, arguments, 1,
					Duration.ofNanos(this.runtime.nanoTime() - start), null, null, null, null, null));
		}
		else {
			succeeded(invocation);
		}
	}

	void succeeded(Invocation invocation) {
		if (!this.runtime.hasListeners()) {
			return;
		}
		invocation.tries++;
		invocation.reason = null;
		invocation.failure = null;
		invocation.result = null;
		invocation.status = StatusCodeExtractor.NO_STATUS;
		this.runtime.notifySuccess(invocation.event(this.name, this.runtime.nanoTime(), null));
	}

	void schedule(Runnable task, Duration wait) {
		this.runtime.scheduler().schedule(task, wait);
	}

	private void backingOff(Invocation invocation, long now, long waitNanos) {
		boolean listeners = this.runtime.hasListeners();
		if (!listeners && !logger.isInfoEnabled()) {
			return;
		}
		Duration wait = Duration.ofNanos(waitNanos);
		if (logger.isInfoEnabled()) {
			logger.info("Retrying {} (settings '{}') in {} ms after try {} {}", invocation.target, this.name,
					wait.toMillis(), invocation.tries, describe(invocation));
		}
		if (listeners) {
			this.runtime.notifyBackoff(invocation.event(this.name, now, wait));
		}
	}

	private void gaveUp(Invocation invocation) {
		GiveUpReason reason = Objects.requireNonNull(invocation.reason);
		if (logger.isErrorEnabled()) {
			logger.error("Giving up on {} (settings '{}') after {} tries ({}): {}", invocation.target, this.name,
					invocation.tries, reason.tag(), describe(invocation));
		}
		if (this.runtime.hasListeners()) {
			this.runtime.notifyGiveUp(invocation.event(this.name, this.runtime.nanoTime(), null));
		}
	}

	/** Names the outcome without its message or values, which may hold the call's data. */
	private static String describe(Invocation invocation) {
		Throwable failure = invocation.failure;
		if (failure == null) {
			return "returned a result to retry";
		}
		String status = (invocation.status != StatusCodeExtractor.NO_STATUS) ? " (status " + invocation.status + ")"
				: "";
		return "failed with " + failure.getClass().getName() + status;
	}

	@Override
	public String toString() {
		return "Retrier[" + this.name + "]";
	}

	/**
	 * One try of a call, which may throw anything.
	 * @param <T> the result type
	 */
	@FunctionalInterface
	public interface Attempt<T> {

		/**
		 * Makes the try.
		 * @return the result
		 * @throws Throwable the failure
		 */
		T call() throws Throwable;

	}

	/** An action that may throw a checked exception. */
	@FunctionalInterface
	public interface CheckedRunnable {

		/**
		 * Runs the action.
		 * @throws Exception the failure
		 */
		void run() throws Exception;

	}

	/** The asynchronous driver: the same decisions as {@link #execute}, on completion. */
	private final class AsyncTries<T> {

		private final Supplier<? extends CompletionStage<T>> supplier;

		private final CompletableFuture<T> promise;

		private final Invocation invocation;

		AsyncTries(Supplier<? extends CompletionStage<T>> supplier, CompletableFuture<T> promise,
				Invocation invocation) {
			this.supplier = supplier;
			this.promise = promise;
			this.invocation = invocation;
		}

		static <T> void once(Supplier<? extends CompletionStage<T>> supplier, CompletableFuture<T> promise) {
			try {
				supplier.get().whenComplete((result, failure) -> {
					if (failure != null) {
						promise.completeExceptionally(unwrap(failure));
					}
					else {
						promise.complete(result);
					}
				});
			}
			catch (Throwable ex) {
				promise.completeExceptionally(ex);
			}
		}

		void attempt() {
			CompletionStage<T> stage;
			try {
				stage = Objects.requireNonNull(this.supplier.get(), "the supplier returned no CompletionStage");
			}
			catch (Throwable ex) {
				completed(null, ex);
				return;
			}
			stage.whenComplete(this::completed);
		}

		private void completed(@Nullable T result, @Nullable Throwable error) {
			try {
				onOutcome(result, error);
			}
			catch (Throwable ex) {
				this.promise.completeExceptionally(ex);
			}
		}

		private void onOutcome(@Nullable T result, @Nullable Throwable error) {
			Invocation invocation = this.invocation;
			if (error == null) {
				Predicate<Object> retryOnResult = Retrier.this.settings.retryOnResult();
				if (retryOnResult == null || !retryOnResult.test(result)) {
					if (Retrier.this.runtime.hasListeners()) {
						succeeded((invocation.tries > 0) ? invocation : null, invocation.startNanos, invocation.target,
								invocation.arguments);
					}
					this.promise.complete(result);
					return;
				}
				invocation.record(null, result);
			}
			else {
				invocation.record(unwrap(error), null);
			}
			long wait = decide(invocation);
			if (wait < 0) {
				if (invocation.failure != null) {
					this.promise.completeExceptionally(invocation.failureToThrow());
				}
				else {
					this.promise.complete(resultOnGiveUp(invocation, result, null));
				}
				return;
			}
			Retrier.this.runtime.scheduler().schedule(this::attempt, Duration.ofNanos(wait));
		}

		private static Throwable unwrap(Throwable error) {
			Throwable cause = error.getCause();
			if ((error instanceof CompletionException || error instanceof ExecutionException) && cause != null) {
				return cause;
			}
			return error;
		}

	}

}
