package dev.backoff.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import dev.backoff.core.RetryDecision.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * One invocation's retry state machine, which every form of retrying drives (the plain
 * call, {@code CompletionStage}, Reactor, the HTTP interceptor and filter). A driver
 * makes a try, hands its outcome here, and waits as told. The execution keeps the call's
 * course (running, succeeded or given up; the pending wait, the try in flight,
 * cancellation; what reaches the caller) and leaves each rule to the one place that holds
 * it for every form: the decision ({@code RetryDecision}: limits, give-up reasons, waits,
 * the budget), the history of the tries ({@code TryHistory}: the last outcome and the
 * earlier failures) and the reporting ({@code RetryReporter}: events, statistics, log
 * lines).
 *
 * <pre class="code">
 * RetryExecution execution = retrier.start(arguments);
 * while (true) {
 *     Duration wait;
 *     try {
 *         wait = execution.onResult(makeTheTry());
 *     }
 *     catch (Exception ex) {
 *         wait = execution.onFailure(ex);
 *     }
 *     if (wait == null || !execution.sleep(wait)) {
 *         return execution.outcome();     // the accepted result, or the last failure thrown
 *     }
 * }
 * </pre>
 *
 * <p>
 * For each failure (or result to retry), the first rule that applies decides, in this
 * order: an interrupt ({@code InterruptedException}, {@code ClosedByInterruptException})
 * ends retrying and keeps the thread's flag ({@code interrupted}); a {@link NoRetry}
 * scope read when the call started ({@code no-retry}); the entry switched off
 * ({@code disabled}); a give-up-on type or the give-up predicate ({@code give-up-on});
 * not a retry-on type, or a status that is not retried ({@code not-retryable}); an
 * enclosing retrying call that would itself retry it ({@code nested}, see
 * {@link EnclosingRetries}); max-tries, the status's if it has one ({@code max-tries});
 * then the wait: one the outcome asks for ({@link OutcomeWait}, then {@code Retry-After})
 * is honoured exactly up to the cap ({@code retry-after} above it, {@code max-time} if it
 * would cross a deadline), else the strategy's wait, jittered and capped, is shortened to
 * end at the first deadline ({@code max-time} once one is reached); last, the entry's
 * budget, if it has one ({@code budget}).
 * <p>
 * With retrying switched off for the whole registry ({@code backoff.enabled: false}),
 * every execution makes one try and reports nothing: no event, statistic or log line.
 * <p>
 * An execution started for a non-blocking driver is thread-safe: it may complete tries on
 * one thread while the caller cancels on another, and listeners are told under its lock,
 * so they must not block. One started for a blocking driver is confined to the calling
 * thread: its tries, decisions and outcome take no lock (only the rare paths that another
 * thread may observe do: an interrupt during a wait, and the getters such as
 * {@link #tries()}).
 * <p>
 * A driver whose tries end on threads that must not block (completion threads, event
 * loops) hands outcomes over with {@link #onFailure(Throwable, Decision)} and
 * {@link #onResult(Object, Decision)}: the same decisions, but a retry budget kept in a
 * shared store (Redis) is asked without blocking ({@link RetryBudget#tryAcquireAsync}),
 * and the decision goes on when the store answers. The blocking forms ask the budget with
 * {@link RetryBudget#tryAcquire}, on the calling thread.
 *
 * @since 0.1.0
 */
public final class RetryExecution {

	private static final byte RUNNING = 0;

	private static final byte SUCCEEDED = 1;

	private static final byte GAVE_UP = 2;

	/** What the executions of this call's retrier share. */
	private final RetryPlan plan;

	private final @Nullable Object @Nullable [] arguments;

	/** What the tries have been so far. */
	private final TryHistory history;

	private final boolean noRetry;

	/**
	 * The retrying calls whose tries enclose this call: a failure one of them would retry
	 * is left to it. {@code null} when there are none, or nested retries are allowed.
	 */
	private final @Nullable EnclosingRetries enclosing;

	/** Whether tries run on the calling thread, whose interrupt flag is then restored. */
	private final boolean blocking;

	/**
	 * Running, succeeded or gave up: a byte, so that the execution and its history take
	 * 104 bytes, not 112.
	 */
	private byte state = RUNNING;

	private @Nullable GiveUpReason reason;

	/** Listeners following this call since its first failure (tracing). */
	private RetryListener.CallListener[] callListeners = RetryReporter.NOT_FOLLOWED;

	/** The scheduled wait of an asynchronous driver, cancelled with the execution. */
	private @Nullable Future<?> pendingWait;

	/** The try in flight of an asynchronous driver, cancelled with the execution. */
	private @Nullable Future<?> inFlight;

	RetryExecution(RetryPlan plan, @Nullable Object @Nullable [] arguments, long startNanos, boolean noRetry,
			@Nullable EnclosingRetries enclosing, boolean blocking) {
		this.plan = plan;
		this.arguments = arguments;
		this.history = new TryHistory(startNanos);
		this.noRetry = noRetry;
		this.enclosing = enclosing;
		this.blocking = blocking;
	}

	/**
	 * Records a try that threw, and decides.
	 * @param failure what the try threw (unwrapped from {@code CompletionException})
	 * @return the wait before the next try (possibly zero), or {@code null} when retrying
	 * has ended: then {@link #outcome()} tells what reaches the caller
	 */
	public @Nullable Duration onFailure(Throwable failure) {
		Objects.requireNonNull(failure, "failure");
		if (this.blocking) {
			return failed(failure, null);
		}
		synchronized (this) {
			return failed(failure, null);
		}
	}

	/**
	 * Records a try that threw, and decides without blocking the calling thread: the form
	 * of {@link #onFailure(Throwable)} for a driver whose tries end on threads that must
	 * not block. A retry budget kept in a shared store is asked with
	 * {@link RetryBudget#tryAcquireAsync}, and the decision follows its answer: the
	 * backoff (log line, events) once the budget has allowed the retry, or a give-up with
	 * reason {@code budget}. {@code then} is told the decision once, outside the
	 * execution's lock: on this thread when there was nothing to wait for, else on the
	 * thread the answer arrives on.
	 * @param failure what the try threw (unwrapped from {@code CompletionException})
	 * @param then what goes on with the decision
	 */
	public void onFailure(Throwable failure, Decision then) {
		Objects.requireNonNull(failure, "failure");
		Objects.requireNonNull(then, "then");
		BudgetQuestion question = question(then);
		Duration wait;
		if (this.blocking) {
			wait = failed(failure, question);
		}
		else {
			synchronized (this) {
				wait = failed(failure, question);
			}
		}
		proceed(question, wait, then);
	}

	private @Nullable Duration failed(Throwable failure, @Nullable BudgetQuestion question) {
		if (this.state != RUNNING) {
			return null;
		}
		this.history.failed(failure, this.plan.runtime.extractor.status(failure));
		return decide(question);
	}

	/**
	 * Records a try that returned, and decides: the result predicate may ask for a retry.
	 * @param result what the try returned
	 * @return the wait before the next try (possibly zero), or {@code null} when the
	 * result was accepted or retrying has ended: then {@link #outcome()} tells what
	 * reaches the caller
	 */
	public @Nullable Duration onResult(@Nullable Object result) {
		if (this.blocking) {
			return returned(result, null);
		}
		synchronized (this) {
			return returned(result, null);
		}
	}

	/**
	 * Records a try that returned, and decides without blocking the calling thread, as
	 * {@link #onFailure(Throwable, Decision)} does.
	 * @param result what the try returned
	 * @param then what goes on with the decision: {@code null} when the result was
	 * accepted or retrying has ended
	 */
	public void onResult(@Nullable Object result, Decision then) {
		Objects.requireNonNull(then, "then");
		// a result is asked about only when the predicate may retry it
		BudgetQuestion question = (this.plan.rules.settings.retryOnResult() != null) ? question(then) : null;
		Duration wait;
		if (this.blocking) {
			wait = returned(result, question);
		}
		else {
			synchronized (this) {
				wait = returned(result, question);
			}
		}
		proceed(question, wait, then);
	}

	private @Nullable Duration returned(@Nullable Object result, @Nullable BudgetQuestion question) {
		if (this.state != RUNNING) {
			return null;
		}
		if (!this.plan.rules.retriesResult(result)) {
			succeed(result);
			return null;
		}
		this.history.returned(result);
		return decide(question);
	}

	/**
	 * A question for the budget, if the retrier has one: a non-blocking decision may need
	 * it.
	 */
	private @Nullable BudgetQuestion question(Decision then) {
		return (this.plan.budget != null) ? new BudgetQuestion(then) : null;
	}

	/**
	 * Asks the budget, outside the lock, if the decision came to it; else goes on at
	 * once.
	 */
	private static void proceed(@Nullable BudgetQuestion question, @Nullable Duration wait, Decision then) {
		if (question != null && question.awaits()) {
			question.ask();
		}
		else {
			then.decided(wait);
		}
	}

	/**
	 * Waits on the calling thread before the next try. An interrupt (before or during the
	 * wait, a zero wait included) ends retrying with reason {@code interrupted} and keeps
	 * the thread's interrupt flag.
	 * @param wait the wait returned by {@link #onFailure} or {@link #onResult}
	 * @return {@code true} to make the next try, {@code false} when retrying has ended
	 */
	public boolean sleep(Duration wait) {
		try {
			if (!wait.isZero()) {
				this.plan.runtime.sleeper.sleep(wait);
			}
			else if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("interrupted before retrying");
			}
			return true;
		}
		catch (InterruptedException ex) {
			interruptedWhileWaiting(ex);
			return false;
		}
	}

	private void interruptedWhileWaiting(InterruptedException ex) {
		Thread.currentThread().interrupt();
		synchronized (this) {
			if (this.state == RUNNING) {
				Throwable failure = this.history.failure();
				if (failure != null) {
					failure.addSuppressed(ex);
				}
				giveUp(GiveUpReason.INTERRUPTED);
			}
		}
	}

	/**
	 * Runs {@code nextTry} on the registry's executor after {@code wait}, timed by its
	 * scheduler, without blocking. If the execution is cancelled meanwhile, the try never
	 * starts; if the scheduler or executor refuses (it was shut down), retrying ends with
	 * reason {@code shutdown} and {@code stopped} runs instead.
	 * @param wait the wait returned by {@link #onFailure} or {@link #onResult}
	 * @param nextTry the next try
	 * @param stopped what to run when the try cannot start: complete the caller's future
	 * with {@link #outcome()}
	 */
	public void schedule(Duration wait, Runnable nextTry, Runnable stopped) {
		int round;
		synchronized (this) {
			if (this.state != RUNNING) {
				return;
			}
			round = this.history.tries();
		}
		Runnable start = () -> startOnExecutor(nextTry, stopped);
		Future<?> timer;
		try {
			timer = this.plan.runtime.scheduler.schedule(start, wait);
		}
		catch (RejectedExecutionException ex) {
			shutDown(stopped);
			return;
		}
		synchronized (this) {
			if (this.state == RUNNING) {
				if (this.history.tries() == round) {
					this.pendingWait = timer;
				}
				return;
			}
		}
		timer.cancel(false);
	}

	private void startOnExecutor(Runnable nextTry, Runnable stopped) {
		synchronized (this) {
			if (this.state != RUNNING) {
				return;
			}
			this.pendingWait = null;
		}
		try {
			this.plan.runtime.executor.execute(nextTry);
		}
		catch (RejectedExecutionException ex) {
			shutDown(stopped);
		}
	}

	private void shutDown(Runnable stopped) {
		synchronized (this) {
			if (this.state != RUNNING) {
				return;
			}
			giveUp(GiveUpReason.SHUTDOWN);
		}
		stopped.run();
	}

	/**
	 * Tells the execution which try is in flight, so that {@link #cancel()} cancels it
	 * too.
	 * @param future the try's future
	 */
	public void inFlight(Future<?> future) {
		synchronized (this) {
			if (this.state == RUNNING) {
				this.inFlight = future;
				return;
			}
		}
		future.cancel(true);
	}

	/**
	 * Cancels the execution, as when the caller cancels the returned future or disposes
	 * the subscription: the pending wait is cancelled, the try in flight too, no further
	 * try starts, and listeners hear a give-up with reason {@code cancelled}. Does
	 * nothing once the execution has ended.
	 */
	public void cancel() {
		Future<?> timer;
		Future<?> running;
		synchronized (this) {
			if (this.state != RUNNING) {
				return;
			}
			giveUp(GiveUpReason.CANCELLED);
			timer = this.pendingWait;
			running = this.inFlight;
			this.pendingWait = null;
			this.inFlight = null;
		}
		if (timer != null) {
			timer.cancel(false);
		}
		if (running != null) {
			running.cancel(true);
		}
	}

	/**
	 * Whether the execution has ended: a result was accepted or retrying gave up.
	 * @return {@code true} once ended
	 */
	public synchronized boolean isDone() {
		return this.state != RUNNING;
	}

	/**
	 * Returns why retrying ended.
	 * @return the reason, or {@code null} while running or after a success
	 */
	public synchronized @Nullable GiveUpReason reason() {
		return this.reason;
	}

	/**
	 * Returns the tries made so far, the first included.
	 * @return the tries
	 */
	public synchronized int tries() {
		return this.history.tries();
	}

	/**
	 * Returns what reaches the caller once the execution has ended: the accepted result;
	 * or the last failure, never wrapped, with up to 5 earlier distinct ones attached as
	 * suppressed; or, when retrying ended on a result the predicate still rejected, that
	 * result (thrown as a {@link RetryGiveUpException} with raise-on-give-up, or when the
	 * caller ended it: interrupted, cancelled, shut down).
	 * @return the result
	 * @throws Throwable the last failure
	 * @throws IllegalStateException if the execution is still running
	 */
	public @Nullable Object outcome() throws Throwable {
		if (this.blocking) {
			return ended();
		}
		synchronized (this) {
			return ended();
		}
	}

	private @Nullable Object ended() throws Throwable {
		return (this.state == SUCCEEDED) ? this.history.result() : endedWithoutSuccess();
	}

	private @Nullable Object endedWithoutSuccess() throws Throwable {
		if (this.state == RUNNING) {
			throw new IllegalStateException("The execution of " + this.plan.reporter.label + " is still running");
		}
		GiveUpReason reason = Objects.requireNonNull(this.reason);
		Throwable failure = this.history.failure();
		if (failure != null) {
			throw this.history.failureToThrow(failure);
		}
		if ((this.plan.rules.settings.raiseOnGiveUp() && reason != GiveUpReason.NESTED)
				|| reason == GiveUpReason.INTERRUPTED || reason == GiveUpReason.CANCELLED
				|| reason == GiveUpReason.SHUTDOWN) {
			throw new RetryGiveUpException(
					"Gave up on " + this.plan.reporter.label + " after " + this.history.tries()
							+ " tries: the result was still to be retried (" + reason.tag() + ")",
					reason, this.history.result(), null);
		}
		return this.history.result();
	}

	/**
	 * Completes {@code future} with {@link #outcome()}; does nothing if it is already
	 * done.
	 * @param <T> the result type
	 * @param future the caller's future
	 */
	@SuppressWarnings("unchecked")
	public <T> void complete(CompletableFuture<T> future) {
		try {
			future.complete((T) outcome());
		}
		catch (Throwable ex) {
			future.completeExceptionally(ex);
		}
	}

	/**
	 * Decides after a try that asked for a retry: reads the time if the decision or a
	 * listener needs it, lets the listeners follow the call from its first failure, and
	 * reports the verdict. With a {@code question}, the budget is not asked here: the
	 * question is filled in and {@code null} returned, and the decision ends when the
	 * budget answers it ({@link #budgetAnswered}).
	 */
	private @Nullable Duration decide(@Nullable BudgetQuestion question) {
		RetryPlan plan = this.plan;
		RetryDecision decision = plan.decision;
		TryHistory history = this.history;
		int status = history.status();
		long now = (decision.needsTime(status) || plan.reporter.needsElapsed()) ? plan.runtime.ticker.nanoTime() : 0L;
		history.markTimes(now, decision.timesStatus(status));
		if (history.tries() == 1) {
			this.callListeners = plan.reporter.firstFailure(history, this.arguments, now);
		}
		Verdict verdict = (question != null) ? decision.beforeBudget(history, this.noRetry, this.enclosing, now)
				: decision.decide(history, this.noRetry, this.enclosing, now);
		if (verdict.reason() == GiveUpReason.INTERRUPTED && this.blocking) {
			// the call itself was interrupted on this thread, which keeps its flag
			Thread.currentThread().interrupt();
		}
		if (question != null && decision.asksBudget(verdict)) {
			question.await(verdict, now);
			return null;
		}
		return decided(verdict, now);
	}

	/**
	 * Ends the execution for the verdict's reason, or keeps its wait for the next
	 * decision and announces the retry.
	 */
	private @Nullable Duration decided(Verdict verdict, long now) {
		GiveUpReason reason = verdict.reason();
		if (reason != null) {
			giveUp(reason);
			return null;
		}
		long waitNanos = verdict.waitNanos();
		this.history.waited(waitNanos);
		this.plan.reporter.backoff(this.history, this.arguments, now, waitNanos, this.callListeners);
		return Duration.ofNanos(waitNanos);
	}

	/** Ends a decision that waited for the budget's answer; see {@link #decide}. */
	private @Nullable Duration budgetAnswered(BudgetQuestion question, boolean taken) {
		if (this.blocking) {
			return afterBudget(question, taken);
		}
		synchronized (this) {
			return afterBudget(question, taken);
		}
	}

	private @Nullable Duration afterBudget(BudgetQuestion question, boolean taken) {
		Verdict verdict = question.verdict();
		if (this.state != RUNNING) {
			// cancelled while the budget answered: the tokens of a retry never made go
			// back
			if (taken) {
				this.plan.decision.giveBack(verdict);
			}
			return null;
		}
		return decided(verdict.budgetAnswered(taken), question.now);
	}

	private void succeed(@Nullable Object result) {
		this.state = SUCCEEDED;
		TryHistory history = this.history;
		history.succeeded(result);
		this.plan.succeeded(result, this.arguments, history.tries(), history.startNanos(), this.callListeners);
	}

	/**
	 * Returns the layers that a call made inside this execution's tries runs in: this
	 * call's enclosing layers and this call. A driver whose tries do not run on the
	 * calling thread carries it to them (a Reactor context); the blocking and
	 * {@code CompletionStage} drivers mark their threads themselves.
	 * @return the layers, or {@code null} when nested calls retry freely
	 * ({@code RetryRegistry.Builder.nestedRetries(true)})
	 */
	public @Nullable EnclosingRetries enclosingItsTries() {
		return this.plan.runtime.nestedRetries ? null : EnclosingRetries.around(this.enclosing, this.plan.rules);
	}

	/**
	 * Makes the call's own context current (an observation, when tracing follows it)
	 * around one retry, on the thread that makes it: a driver calls it before each retry
	 * and runs what it returns after.
	 * @return what ends the scope
	 */
	public Runnable openScope() {
		RetryListener.CallListener[] following = this.callListeners;
		if (following.length == 0) {
			return NoScope.INSTANCE;
		}
		return (following.length == 1) ? following[0].openScope() : openEach(following);
	}

	/**
	 * Opens the scopes of several call listeners; most have none, and only those that do
	 * are closed, in reverse order.
	 */
	private static Runnable openEach(RetryListener.CallListener[] following) {
		Runnable[] opened = new Runnable[following.length];
		int count = 0;
		for (RetryListener.CallListener callListener : following) {
			Runnable scope = callListener.openScope();
			if (scope != NoScope.INSTANCE) {
				opened[count++] = scope;
			}
		}
		if (count <= 1) {
			return (count == 0) ? NoScope.INSTANCE : opened[0];
		}
		int last = count - 1;
		return () -> {
			for (int i = last; i >= 0; i--) {
				opened[i].run();
			}
		};
	}

	private void giveUp(GiveUpReason reason) {
		this.state = GAVE_UP;
		this.reason = reason;
		this.plan.reporter.giveUp(this.history, this.arguments, reason, this.callListeners);
	}

	@Override
	public synchronized String toString() {
		return "RetryExecution[" + this.plan.reporter.name + ", " + this.plan.reporter.label + ", tries="
				+ this.history.tries() + ", state=" + ((this.state == RUNNING) ? "running"
						: (this.reason == null) ? "succeeded" : "gave up (" + this.reason.tag() + ")")
				+ "]";
	}

	/**
	 * A retry decided but for the budget's tokens: what the decision needs once the
	 * budget answers, and where it goes on. Filled in under the execution's lock, asked
	 * outside it.
	 */
	private final class BudgetQuestion implements BiConsumer<Boolean, Throwable> {

		private final Decision then;

		private @Nullable Verdict verdict;

		private long now;

		BudgetQuestion(Decision then) {
			this.then = then;
		}

		void await(Verdict verdict, long now) {
			this.verdict = verdict;
			this.now = now;
		}

		/** Whether the decision came to the budget. */
		boolean awaits() {
			return this.verdict != null;
		}

		Verdict verdict() {
			return Objects.requireNonNull(this.verdict, "verdict");
		}

		void ask() {
			CompletionStage<Boolean> answer;
			try {
				answer = RetryExecution.this.plan.decision.askBudgetAsync(verdict());
			}
			catch (RuntimeException ex) {
				accept(Boolean.FALSE, ex);
				return;
			}
			answer.whenComplete(this);
		}

		/** The budget's answer: a stage that failed counts as a refusal. */
		@Override
		public void accept(@Nullable Boolean taken, @Nullable Throwable failure) {
			this.then.decided(budgetAnswered(this, failure == null && Boolean.TRUE.equals(taken)));
		}

	}

	/**
	 * What a non-blocking driver does with a decision
	 * ({@link #onFailure(Throwable, Decision)}, {@link #onResult(Object, Decision)}):
	 * wait and make the next try, or hand the outcome over.
	 */
	@FunctionalInterface
	public interface Decision {

		/**
		 * Goes on with the decision.
		 * @param wait the wait before the next try (possibly zero), or {@code null} when
		 * the result was accepted or retrying has ended: then {@link #outcome()} tells
		 * what reaches the caller
		 */
		void decided(@Nullable Duration wait);

	}

}
