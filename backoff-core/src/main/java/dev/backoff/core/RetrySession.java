package dev.backoff.core;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One invocation driven from outside the retrier, for callers that own their loop (for
 * example a reactive stream that retries by resubscribing). The same decisions, limits,
 * events and logs as {@link Retrier#call}. Not thread-safe: one invocation at a time.
 * <pre class="code">
 * RetrySession session = retrier.session("Feed#poll", null);
 * // after each failed try:
 * Duration wait = session.onFailure(ex);   // null: give up and throw session.failureToThrow()
 * // after the try that succeeded:
 * session.onSuccess();
 * </pre>
 *
 * @since 0.1.0
 */
public final class RetrySession {

	private final Retrier retrier;

	private final Invocation invocation;

	RetrySession(Retrier retrier, Invocation invocation) {
		this.retrier = retrier;
		this.invocation = invocation;
	}

	/**
	 * Records a failed try and decides.
	 * @param failure the failure
	 * @return the wait before the next try (possibly zero), or {@code null} to give up
	 */
	public @Nullable Duration onFailure(Throwable failure) {
		this.invocation.record(Objects.requireNonNull(failure, "failure"), null);
		long wait = this.retrier.decide(this.invocation);
		return (wait < 0) ? null : Duration.ofNanos(wait);
	}

	/**
	 * Returns the last failure, with earlier ones attached as suppressed: what to propagate
	 * after {@link #onFailure} returned {@code null}.
	 * @return the failure
	 */
	public Throwable failureToThrow() {
		return this.invocation.failureToThrow();
	}

	/** Records that the last try succeeded. */
	public void onSuccess() {
		this.retrier.succeeded(this.invocation);
	}

	/**
	 * Blocks for {@code wait} on the retrier's sleeper. An interrupt ends the invocation: it
	 * is recorded as a give-up ({@code interrupted}) and the thread's interrupt flag is kept.
	 * @param wait the wait returned by {@link #onFailure}
	 * @return {@code true} if the wait completed, {@code false} if interrupted
	 */
	public boolean sleep(Duration wait) {
		return this.retrier.sleepInterruptibly(this.invocation, wait.toNanos()) == null;
	}

	/**
	 * Runs {@code next} after {@code wait} on the retrier's scheduler, without blocking.
	 * @param wait the wait returned by {@link #onFailure}
	 * @param next what to run then
	 */
	public void schedule(Duration wait, Runnable next) {
		this.retrier.schedule(next, wait);
	}

}
