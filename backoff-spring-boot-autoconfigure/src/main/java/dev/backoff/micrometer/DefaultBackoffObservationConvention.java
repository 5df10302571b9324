package dev.backoff.micrometer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.backoff.core.GiveUpReason;
import dev.backoff.core.RetryEvent;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link BackoffObservationConvention}: observation {@code backoff.retry},
 * with the low-cardinality keys of the counters: {@code name}, {@code method},
 * {@code outcome} ({@code success} or {@code giveup}), {@code reason} ({@code none} on
 * success), {@code exception} and {@code status} of the last failure ({@code none} if
 * there was none).
 * <p>
 * The key values of each combination are built once and kept (their values come from a
 * bounded set, as the counters' tags do): building them sorts them, which cost more than
 * the rest of a failed call's own work, twice per observed call.
 *
 * @since 0.1.0
 */
public class DefaultBackoffObservationConvention implements BackoffObservationConvention {

	private static final String NONE = "none";

	/**
	 * How many combinations are kept; past it, key values are built each time, as they
	 * were before any was kept.
	 */
	private static final int MAX_KEPT = 10_000;

	/** The {@code tries} key values of the first tries: a call rarely takes more. */
	private static final KeyValues[] TRIES = new KeyValues[32];

	static {
		for (int i = 0; i < TRIES.length; i++) {
			TRIES[i] = KeyValues.of("tries", String.valueOf(i));
		}
	}

	private final Map<LowCardinality, KeyValues> lowCardinality = new ConcurrentHashMap<>();

	private final Map<String, String> contextualNames = new ConcurrentHashMap<>();

	@Override
	public String getName() {
		return "backoff.retry";
	}

	@Override
	public String getContextualName(RetryObservationContext context) {
		String target = context.getFirstFailure().target();
		String contextualName = this.contextualNames.get(target);
		if (contextualName == null) {
			contextualName = "retry " + target;
			if (this.contextualNames.size() < MAX_KEPT) {
				this.contextualNames.put(target, contextualName);
			}
		}
		return contextualName;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RetryObservationContext context) {
		RetryEvent first = context.getFirstFailure();
		RetryEvent end = context.getEnd();
		RetryEvent failure = (end != null && end.exception() != null) ? end : first;
		Throwable exception = failure.exception();
		LowCardinality key = new LowCardinality(first.name(), first.target(), end != null,
				(end != null) ? end.reason() : null, (exception != null) ? exception.getClass() : null,
				failure.status());
		KeyValues keyValues = this.lowCardinality.get(key);
		if (keyValues == null) {
			keyValues = key.keyValues(failure.exceptionName());
			if (this.lowCardinality.size() < MAX_KEPT) {
				this.lowCardinality.put(key, keyValues);
			}
		}
		return keyValues;
	}

	/** The tries the call took, which may reach max-tries: a high-cardinality key. */
	@Override
	public KeyValues getHighCardinalityKeyValues(RetryObservationContext context) {
		RetryEvent end = context.getEnd();
		int tries = ((end != null) ? end : context.getFirstFailure()).tries();
		return (tries >= 0 && tries < TRIES.length) ? TRIES[tries] : KeyValues.of("tries", String.valueOf(tries));
	}

	/**
	 * What the low-cardinality key values of an observation depend on: the failure's
	 * class stands for its name, and is cheaper to compare. The classes are kept as long
	 * as the convention, which is the application's (a bean, or the listener's own
	 * default), so a class loader that goes with its application is not kept.
	 */
	private record LowCardinality(String name, String method, boolean ended, @Nullable GiveUpReason reason,
			@Nullable Class<?> exception, @Nullable Integer status) {

		KeyValues keyValues(String exceptionName) {
			String outcome = !this.ended ? "unknown" : (this.reason != null) ? "giveup" : "success";
			return KeyValues.of("name", this.name, "method", this.method, "outcome", outcome, "reason",
					(this.reason != null) ? this.reason.tag() : NONE, "exception", exceptionName, "status",
					(this.status != null) ? this.status.toString() : NONE);
		}

	}

}
