package dev.backoff.core;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Runs calls under one {@link RetrySettings}: the plain-call form of retrying
 * ({@code backoff-utils}' function call), the decorator form, and the asynchronous form.
 * Thread-safe; share one instance.
 *
 * <pre class="code">
 * Retrier retrier = Retrier.of(RetrySettings.builder().maxTries(3).build());
 * String body = retrier.call(() -&gt; client.fetch());
 * </pre>
 *
 * <p>
 * Every form is driven by the same decisions, those of {@link RetryExecution}; code that
 * owns its loop (a reactive stream, an HTTP interceptor, an AOP interceptor) drives one
 * through {@link RetryDrivers}, the integration SPI, which applications do not need.
 *
 * @since 0.1.0
 */
public final class Retrier {

	private final String name;

	private final String label;

	private final Rules rules;

	private final RetryRuntime runtime;

	private final String budgetKey;

	/** What this retrier's executions share, handed to each. */
	private final RetryPlan plan;

	/** The settings' result predicate, read on every success, so kept one load away. */
	private final @Nullable Predicate<Object> retryOnResult;

	/**
	 * Whether a blocking call reads the ticker before its first try: for the entry's
	 * max-time, or for success events. Otherwise a call that succeeds never reads it, and
	 * the events of one that fails count elapsed time from its first failure.
	 */
	private final boolean readsTickerAtStart;

	/** Whether a first-try success does anything beyond returning its result. */
	private final boolean successHasWork;

	Retrier(String name, String label, RetrySettings settings, RetryRuntime runtime) {
		this(name, label, name, settings, runtime, runtime.listeners.with(settings.listeners()),
				runtime.log.withSettings(settings.logging()));
	}

	private Retrier(String name, String label, String budgetKey, RetrySettings settings, RetryRuntime runtime,
			Listeners listeners, RetryLog log) {
		this.name = Objects.requireNonNull(name, "name");
		this.label = Objects.requireNonNull(label, "label");
		this.budgetKey = Objects.requireNonNull(budgetKey, "budgetKey");
		this.rules = new Rules(Objects.requireNonNull(settings, "settings"));
		this.runtime = runtime;
		RetryBudget budget = settings.budget().enabled() ? runtime.budget(budgetKey, settings.budget()) : null;
		this.plan = new RetryPlan(this.rules, runtime, new RetryReporter(name, label, listeners, log, runtime), budget);
		this.retryOnResult = settings.retryOnResult();
		this.readsTickerAtStart = this.rules.timedFromStart || listeners.onSuccess;
		this.successHasWork = runtime.enabled
				&& (listeners.onSuccess || runtime.listeners.onNewTarget || budget != null);
	}

	/**
	 * Returns a retrier for the given settings with real time and no listeners. Use a
	 * {@link RetryRegistry} to share time seams, listeners and named settings.
	 * @param settings the settings
	 * @return the retrier, named {@code default}
	 */
	public static Retrier of(RetrySettings settings) {
		return new Retrier(Presets.DEFAULT_NAME, Presets.DEFAULT_NAME, settings,
				new RetryRuntime(new RetryRuntime.Options()));
	}

	/**
	 * Returns the name of the settings entry this retrier runs under.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns what events and logs name as the target: {@code Class#method} for annotated
	 * methods, else the label given, else the entry's name.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Returns the settings.
	 * @return the settings
	 */
	public RetrySettings settings() {
		return this.rules.settings;
	}

	/**
	 * Returns the running counts of this retrier's target, kept across
	 * {@link RetryRegistry#replace}.
	 * @return the statistics
	 */
	public RetryStatistics statistics() {
		return this.plan.reporter.statistics;
	}

	/**
	 * Returns a retrier like this one whose events and logs name {@code label} as the
	 * target.
	 * @param label a label from a bounded set (it becomes a metric tag), e.g.
	 * {@code billing.fetch}
	 * @return the labelled retrier
	 */
	public Retrier withLabel(String label) {
		return new Retrier(this.name, label, this.budgetKey, this.rules.settings, this.runtime,
				this.plan.reporter.listeners, this.plan.reporter.log);
	}

	/**
	 * Returns a retrier like this one whose retries draw on another bucket of the
	 * registry's budget store than the entry's own: the HTTP interceptor gives each host
	 * its own, so that one failing host does not spend the budget of the others.
	 * @param key the bucket's key, e.g. {@code default api.example.com}
	 * @return the retrier
	 */
	Retrier withBudgetKey(String key) {
		return new Retrier(this.name, this.label, key, this.rules.settings, this.runtime, this.plan.reporter.listeners,
				this.plan.reporter.log);
	}

	/**
	 * Calls {@code callable}, retrying as the settings say.
	 * @param <T> the result type
	 * @param callable the call
	 * @return the first result that is not retried (or, when the result predicate still
	 * wants a retry at the end, the last result)
	 * @throws Exception the last failure, as thrown by the call
	 */
	public <T extends @Nullable Object> T call(Callable<T> callable) throws Exception {
		Objects.requireNonNull(callable, "callable");
		try {
			return execute(callable, Callable::call, null);
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
	public <T extends @Nullable Object> Callable<T> decorate(Callable<T> callable) {
		Objects.requireNonNull(callable, "callable");
		return () -> call(callable);
	}

	/**
	 * Calls {@code supplier} and retries the stage it returns without blocking a thread:
	 * each wait is timed by the scheduler and the next try runs on the registry's
	 * executor. Cancelling the returned future cancels the pending wait and the stage in
	 * flight, and no further try starts.
	 * @param <T> the result type
	 * @param supplier makes one try; called again for each retry
	 * @return a future completed with the outcome, or with the last original failure
	 */
	public <T> CompletableFuture<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
		return executeAsync(supplier, null);
	}

	/**
	 * Calls {@code attempt} with {@code context}, retrying as the settings say: the
	 * blocking driver. The attempt receives the context each time, so a caller can pass
	 * state without allocating a closure per call.
	 * @param <C> the context type
	 * @param <T> the result type
	 * @param context what each try needs
	 * @param attempt makes one try
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the accepted result (or, when the result predicate still wants a retry at
	 * the end, the last result)
	 * @throws Throwable the last failure, as thrown by the attempt
	 */
	<C, T extends @Nullable Object> T execute(C context, Attempt<C, T> attempt, @Nullable Object @Nullable [] arguments)
			throws Throwable {
		if (!this.runtime.enabled) {
			return attempt.call(context);
		}
		RetryScope scope = this.runtime.nestedRetries ? null : RetryScope.enter(this.rules);
		try {
			long start = this.readsTickerAtStart ? this.runtime.ticker.nanoTime() : TryHistory.UNKNOWN;
			T result;
			try {
				result = attempt.call(context);
			}
			catch (Throwable failure) {
				RetryExecution execution = blocking(arguments, start, scope);
				return retry(context, attempt, execution, execution.onFailure(failure));
			}
			if (this.retryOnResult == null) {
				if (this.successHasWork) {
					succeeded(result, arguments, 1, start);
				}
				return result;
			}
			RetryExecution execution = blocking(arguments, start, scope);
			return retry(context, attempt, execution, execution.onResult(result));
		}
		finally {
			if (scope != null) {
				scope.exit();
			}
		}
	}

	/**
	 * The blocking driver's loop after a first outcome that may be retried, from the wait
	 * decided on it: out of line, so that a first try's path stays small enough for the
	 * JIT to inline {@link #execute} into its caller. The retries share this one call
	 * site of the attempt.
	 */
	private <C, T extends @Nullable Object> T retry(C context, Attempt<C, T> attempt, RetryExecution execution,
			@Nullable Duration firstWait) throws Throwable {
		Duration wait = firstWait;
		while (wait != null && execution.sleep(wait)) {
			Runnable tryScope = execution.openScope();
			T result;
			try {
				result = attempt.call(context);
			}
			catch (Throwable failure) {
				wait = execution.onFailure(failure);
				continue;
			}
			finally {
				tryScope.run();
			}
			wait = execution.onResult(result);
		}
		return outcome(execution);
	}

	private RetryExecution blocking(@Nullable Object @Nullable [] arguments, long start, @Nullable RetryScope scope) {
		// the thread's scope, when at hand, answers both questions without a second
		// thread-local read
		if (scope == null) {
			return new RetryExecution(this.plan, arguments, start, noRetry(), null, true);
		}
		return new RetryExecution(this.plan, arguments, start, scope.noRetry(), scope.aroundInnermost(), true);
	}

	/**
	 * Returns the execution's outcome as the attempt's type: it is what an attempt
	 * returned, so it is a {@code T}, and null only when {@code T} admits null (a
	 * {@code Void} call).
	 */
	// an unchecked cast that NullAway cannot follow: outcome() is typed @Nullable Object
	@SuppressWarnings({ "unchecked", "NullAway" })
	private static <T extends @Nullable Object> T outcome(RetryExecution execution) throws Throwable {
		return (T) execution.outcome();
	}

	/**
	 * Calls {@code supplier} and retries the stage it returns without blocking; the form
	 * the {@code @Retryable} interceptor uses for {@code CompletionStage} methods. See
	 * {@link #callAsync}.
	 * @param <T> the result type
	 * @param supplier makes one try
	 * @param arguments the call's arguments, passed to listeners only
	 * @return a future completed with the outcome
	 */
	<T> CompletableFuture<T> executeAsync(Supplier<? extends @Nullable CompletionStage<T>> supplier,
			@Nullable Object @Nullable [] arguments) {
		Objects.requireNonNull(supplier, "supplier");
		return new AsyncRetry<>(supplier, start(arguments, false)).start(this.runtime.contextCapture);
	}

	/**
	 * Starts an execution that the caller drives: a reactive stream that retries by
	 * resubscribing, an HTTP interceptor. Reads the calling thread's {@link NoRetry}
	 * scope now.
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the execution
	 */
	RetryExecution start(@Nullable Object @Nullable [] arguments) {
		return start(arguments, true);
	}

	/**
	 * Reads now what the calling thread says (a {@link NoRetry} scope, another retrying
	 * call around this one) and returns what starts one execution per subscription under
	 * it: for a publisher assembled now and subscribed later, perhaps more than once and
	 * on other threads.
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the starter of executions
	 */
	Prepared prepare(@Nullable Object @Nullable [] arguments) {
		boolean noRetry = noRetry();
		EnclosingRetries onThread = enclosing();
		return (inContext) -> new RetryExecution(this.plan, arguments, startNanos(), noRetry,
				this.runtime.nestedRetries ? null : EnclosingRetries.union(onThread, inContext), false);
	}

	private RetryExecution start(@Nullable Object @Nullable [] arguments, boolean blocking) {
		return new RetryExecution(this.plan, arguments, startNanos(), noRetry(), enclosing(), blocking);
	}

	/** The retrying calls whose tries run on this thread now, if they limit this call. */
	private @Nullable EnclosingRetries enclosing() {
		return this.runtime.nestedRetries ? null : RetryScope.enclosing();
	}

	private long startNanos() {
		return this.runtime.ticker.nanoTime();
	}

	/**
	 * Whether retrying is off for calls made now: switched off, or a {@link NoRetry}
	 * scope.
	 */
	private boolean noRetry() {
		return !this.runtime.enabled || NoRetry.isActive();
	}

	/** What a success does, on any try: see {@link RetryPlan#succeeded}. */
	private void succeeded(@Nullable Object result, @Nullable Object @Nullable [] arguments, int tries,
			long startNanos) {
		this.plan.succeeded(result, arguments, tries, startNanos, RetryReporter.NOT_FOLLOWED);
	}

	RetryRuntime runtime() {
		return this.runtime;
	}

	/**
	 * The listeners this retrier's calls tell: the registry's, then the settings'
	 * handlers.
	 */
	Listeners listeners() {
		return this.plan.reporter.listeners;
	}

	RetryLog log() {
		return this.plan.reporter.log;
	}

	@Nullable RetryBudget budget() {
		return this.plan.budget;
	}

	@Override
	public String toString() {
		return "Retrier[" + this.name + ", " + this.label + "]";
	}

	/**
	 * One try of a call, given the caller's context; it may throw anything.
	 *
	 * @param <C> the context type
	 * @param <T> the result type
	 */
	@FunctionalInterface
	public interface Attempt<C, T extends @Nullable Object> {

		/**
		 * Makes the try.
		 * @param context the context given to {@link RetryDrivers#execute}
		 * @return the result
		 * @throws Throwable the failure
		 */
		T call(C context) throws Throwable;

	}

	/** Starts executions of a call prepared by {@link RetryDrivers#prepare}. */
	@FunctionalInterface
	public interface Prepared {

		/**
		 * Starts one execution.
		 * @param inContext the retrying calls that the subscriber's context says enclose
		 * this one (what a driver carries there), in addition to those whose tries ran on
		 * the thread when the call was prepared; {@code null} if it names none
		 * @return the execution
		 */
		RetryExecution start(@Nullable EnclosingRetries inContext);

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

}
