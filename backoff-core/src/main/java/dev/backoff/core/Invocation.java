package dev.backoff.core;

import java.time.Duration;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * The state of one invocation that has failed at least once: tries, the previous wait, and
 * the failures so far. Never created on the success-at-first-try path.
 */
final class Invocation {

	/** How many earlier failures ride along, as suppressed, on the one thrown. */
	static final int MAX_SUPPRESSED = 5;

	final long startNanos;

	/** When the first try ended in a failure: where a status's max-time counts from. */
	long firstFailureNanos;

	final String target;

	final @Nullable Object @Nullable [] arguments;

	final boolean noRetry;

	int tries;

	long previousWaitNanos = -1;

	int status = StatusCodeExtractor.NO_STATUS;

	@Nullable Throwable failure;

	@Nullable Object result;

	@Nullable GiveUpReason reason;

	/** Earlier distinct failures, oldest first; created on the second failure. */
	private @Nullable ArrayDeque<Throwable> earlier;

	Invocation(long startNanos, String target, @Nullable Object @Nullable [] arguments, boolean noRetry) {
		this.startNanos = startNanos;
		this.target = target;
		this.arguments = arguments;
		this.noRetry = noRetry;
	}

	/** Records the outcome of the try that just ended: a failure, or a result to retry. */
	void record(@Nullable Throwable failure, @Nullable Object result) {
		this.tries++;
		Throwable previous = this.failure;
		if (previous != null && previous != failure) {
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
		this.failure = failure;
		this.result = result;
		this.status = StatusCodeExtractor.NO_STATUS;
	}

	/** Returns the last failure, with the earlier distinct ones attached as suppressed. */
	Throwable failureToThrow() {
		Throwable last = this.failure;
		if (last == null) {
			throw new IllegalStateException("no failure recorded");
		}
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

	RetryEvent event(String name, long nowNanos, @Nullable Duration wait) {
		return new RetryEvent(name, this.target, this.arguments, this.tries, Duration.ofNanos(nowNanos - this.startNanos),
				wait, this.failure, this.result, (this.status != StatusCodeExtractor.NO_STATUS) ? this.status : null,
				this.reason);
	}

}
