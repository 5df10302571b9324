package dev.backoff.micrometer;

import java.util.Iterator;

import dev.backoff.core.RetryEvent;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a retried call knows: the event of its first failure, then the
 * last event (the end).
 * <p>
 * The context knows its low-cardinality key values as the convention gave them (already
 * sorted), so reading them (a meter handler does at the start, at each event and at the
 * stop) does not sort them again, and the convention's values at the stop replace only
 * those that changed. Any other change (a filter's, a handler's) is seen as usual.
 *
 * @since 0.1.0
 */
public class RetryObservationContext extends Observation.Context {

	private final RetryEvent firstFailure;

	private @Nullable RetryEvent end;

	/**
	 * The low-cardinality key values this context holds, or {@code null} when they must
	 * be read from its map.
	 */
	private volatile @Nullable KeyValues lowCardinality = KeyValues.empty();

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

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		this.lowCardinality = null;
		return super.addLowCardinalityKeyValue(keyValue);
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String key) {
		this.lowCardinality = null;
		return super.removeLowCardinalityKeyValue(key);
	}

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		KeyValues known = this.lowCardinality;
		this.lowCardinality = null;
		if (known == null || !sameKeys(known, keyValues)) {
			for (KeyValue keyValue : keyValues) {
				super.addLowCardinalityKeyValue(keyValue);
			}
			// they are all of them only if there were none before
			this.lowCardinality = (known != null && !known.iterator().hasNext()) ? keyValues : null;
			return this;
		}
		Iterator<KeyValue> held = known.iterator();
		for (KeyValue keyValue : keyValues) {
			if (!keyValue.equals(held.next())) {
				super.addLowCardinalityKeyValue(keyValue);
			}
		}
		this.lowCardinality = keyValues;
		return this;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		KeyValues known = this.lowCardinality;
		if (known == null) {
			known = super.getLowCardinalityKeyValues();
			this.lowCardinality = known;
		}
		return known;
	}

	/** Whether two sets of key values, each sorted by key, have the same keys. */
	private static boolean sameKeys(KeyValues some, KeyValues others) {
		Iterator<KeyValue> these = some.iterator();
		Iterator<KeyValue> those = others.iterator();
		while (these.hasNext() && those.hasNext()) {
			if (!these.next().getKey().equals(those.next().getKey())) {
				return false;
			}
		}
		return !these.hasNext() && !those.hasNext();
	}

}
