package dev.backoff.micrometer;

import dev.backoff.core.RetryEvent;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a retried call knows: the event of its first failure, then the
 * last event (the end).
 *
 * @since 0.1.0
 */
public class RetryObservationContext extends Observation.Context {

	private final RetryEvent firstFailure;

	private @Nullable RetryEvent end;

	/**
	 * Creates a context.
	 * @param firstFailure the event of the call's first failure
	 */
	public RetryObservationContext(RetryEvent firstFailure) {
		this.firstFailure = firstFailure;
	}

	/**
	 * Returns the event of the call's first failure.
	 * @return the event
	 */
	public RetryEvent getFirstFailure() {
		return this.firstFailure;
	}

	/**
	 * Returns the call's last event: a success or a give-up.
	 * @return the event, or {@code null} while the call goes on
	 */
	public @Nullable RetryEvent getEnd() {
		return this.end;
	}

	void setEnd(RetryEvent end) {
		this.end = end;
	}

}
