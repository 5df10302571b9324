package dev.backoff.core;

import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * What the tries of one execution have been so far: how many, when the call and its first
 * failure with a status started, the last wait, the last outcome (failure or result to
 * retry, and its status), and the earlier distinct failures, bounded, that ride along on
 * the one thrown. What a decision is made from, and what events report.
 * <p>
 * Not thread-safe: its {@link RetryExecution} guards it.
 */
final class TryHistory {

	/** How many earlier failures ride along, as suppressed, on the one thrown. */
	static final int MAX_SUPPRESSED = 5;

	/** A time not read yet: the first failure stands in for it. */
	static final long UNKNOWN = Long.MIN_VALUE;

	private int tries;

	/**
	 * When the call started; {@link #UNKNOWN} when nothing read the ticker before the
	 * first try: then the first failure stands in for the start.
	 */
	private long startNanos;

	/**
	 * When the first failure that carried a status ended, if a status's max-time needed
	 * it.
	 */
	private long firstStatusNanos = UNKNOWN;

	/** The last wait decided, or -1 before the first. */
	private long previousWaitNanos = -1;

	private int status = StatusCodeExtractor.NO_STATUS;

	private @Nullable Throwable failure;

	private @Nullable Object result;

	/** Earlier distinct failures, oldest first; created on the second failure. */
	private @Nullable ArrayDeque<Throwable> earlier;

	/**
	 * Starts the history of a call.
	 * @param startNanos when the call started, or {@link #UNKNOWN}
	 */
	TryHistory(long startNanos) {
		this.startNanos = startNanos;
	}

	/**
	 * Records a try that threw.
	 * @param failure what it threw
	 * @param status the HTTP status it carries, or {@link StatusCodeExtractor#NO_STATUS}
	 */
	void failed(Throwable failure, int status) {
		record(failure, null, status);
	}

	/** Records a try whose result is to be retried. */
	void returned(@Nullable Object result) {
		record(null, result, StatusCodeExtractor.NO_STATUS);
	}

	/** Records the try whose result is accepted. */
	void succeeded(@Nullable Object result) {
		this.tries++;
		this.result = result;
	}

	private void record(@Nullable Throwable failure, @Nullable Object result, int status) {
		this.tries++;
		Throwable previous = this.failure;
		if (previous != null && previous != failure) {
			rememberEarlier(previous);
		}
		this.failure = failure;
		this.result = result;
		this.status = status;
	}

	/**
	 * Keeps {@code previous} among the earlier failures, dropping the oldest beyond five.
	 */
	private void rememberEarlier(Throwable previous) {
		ArrayDeque<Throwable> earlier = this.earlier;
		if (earlier == null) {
			earlier = new ArrayDeque<>(MAX_SUPPRESSED);
			this.earlier = earlier;
		}
		else if (earlier.size() == MAX_SUPPRESSED) {
			earlier.removeFirst();
		}
		earlier.addLast(previous);
	}

	/**
	 * Marks the times the decision on the last try counts from, where they are still
	 * unknown: the start (the first failure stands in for it), and, when {@code timed},
	 * the first failure with a status.
	 * @param now the time of the decision
	 * @param statusTimed whether a status's max-time counts from this failure
	 */
	void markTimes(long now, boolean statusTimed) {
		if (this.startNanos == UNKNOWN) {
			this.startNanos = now;
		}
		if (statusTimed && this.firstStatusNanos == UNKNOWN) {
			this.firstStatusNanos = now;
		}
	}

	/** Records the wait decided before the next try. */
	void waited(long waitNanos) {
		this.previousWaitNanos = waitNanos;
	}

	int tries() {
		return this.tries;
	}

	long startNanos() {
		return this.startNanos;
	}

	long firstStatusNanos() {
		return this.firstStatusNanos;
	}

	/** The last wait decided, or -1 before the first. */
	long previousWaitNanos() {
		return this.previousWaitNanos;
	}

	/** The last try's status, or {@link StatusCodeExtractor#NO_STATUS}. */
	int status() {
		return this.status;
	}

	/** What the last try threw, or {@code null} when it returned. */
	@Nullable Throwable failure() {
		return this.failure;
	}

	/** What the last try returned, when it did not throw. */
	@Nullable Object result() {
		return this.result;
	}

	/**
	 * Returns the last failure, with the earlier distinct ones attached as suppressed.
	 */
	Throwable failureToThrow(Throwable last) {
		ArrayDeque<Throwable> earlier = this.earlier;
		if (earlier != null) {
			for (Throwable previous : earlier) {
				if (previous != last && !contains(last.getSuppressed(), previous)) {
					last.addSuppressed(previous);
				}
			}
			earlier.clear();
		}
		return last;
	}

	private static boolean contains(Throwable[] suppressed, Throwable candidate) {
		for (Throwable each : suppressed) {
			if (each == candidate) {
				return true;
			}
		}
		return false;
	}

}
