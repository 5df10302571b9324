package dev.backoff.micrometer;

import dev.backoff.core.RetryEvent;
import io.micrometer.common.KeyValues;

/**
 * The default {@link BackoffObservationConvention}: observation {@code backoff.retry},
 * with the low-cardinality keys of the counters: {@code name}, {@code method},
 * {@code outcome} ({@code success} or {@code giveup}), {@code reason} ({@code none} on
 * success), {@code exception} and {@code status} of the last failure ({@code none} if
 * there was none).
 *
 * @since 0.1.0
 */
public class DefaultBackoffObservationConvention implements BackoffObservationConvention {

	private static final String NONE = "none";

	@Override
	public String getName() {
		return "backoff.retry";
	}

	@Override
	public String getContextualName(RetryObservationContext context) {
		return "retry " + context.getFirstFailure().target();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RetryObservationContext context) {
		RetryEvent first = context.getFirstFailure();
		RetryEvent end = context.getEnd();
		String outcome = "unknown";
		if (end != null) {
			outcome = (end.reason() != null) ? "giveup" : "success";
		}
		String reason = (end != null && end.reason() != null) ? end.reason().tag() : NONE;
		RetryEvent failure = (end != null && end.exception() != null) ? end : first;
		return KeyValues.of("name", first.name(), "method", first.target(), "outcome", outcome, "reason", reason,
				"exception", failure.exceptionName(), "status",
				(failure.status() != null) ? failure.status().toString() : NONE);
	}

	/** The tries the call took, which may reach max-tries: a high-cardinality key. */
	@Override
	public KeyValues getHighCardinalityKeyValues(RetryObservationContext context) {
		RetryEvent end = context.getEnd();
		return KeyValues.of("tries", String.valueOf(((end != null) ? end : context.getFirstFailure()).tries()));
	}

}
