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
 * The context holds its low-cardinality key values as the convention gave them (already
 * sorted) for as long as only the convention sets them: reading them (a meter handler
 * does at the start, at each event and at the stop) sorts nothing, and setting them fills
 * no map. Any other change (a filter's, a handler's) moves them to the map of a plain
 * context, and from then on they are read and changed there.
 *
 * @since 0.1.0
 */
public class RetryObservationContext extends Observation.Context {

	private final RetryEvent firstFailure;

	private @Nullable RetryEvent end;

	/**
	 * The low-cardinality key values while only the convention has set them: then the map
	 * of a plain context is empty. {@code null} once they are in that map.
	 */
	private volatile @Nullable KeyValues held = KeyValues.empty();

	/** The key values of the map, once read, until it changes. */
	private volatile @Nullable KeyValues read;

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
		toMap();
		return super.addLowCardinalityKeyValue(keyValue);
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String key) {
		toMap();
		return super.removeLowCardinalityKeyValue(key);
	}

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		KeyValues held = this.held;
		if (held != null && (!held.iterator().hasNext() || sameKeys(held, keyValues))) {
			this.held = keyValues;
			return this;
		}
		return super.addLowCardinalityKeyValues(keyValues);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		KeyValues keyValues = this.held;
		if (keyValues == null) {
			keyValues = this.read;
			if (keyValues == null) {
				keyValues = super.getLowCardinalityKeyValues();
				this.read = keyValues;
			}
		}
		return keyValues;
	}

	@Override
	public @Nullable KeyValue getLowCardinalityKeyValue(String key) {
		KeyValues held = this.held;
		if (held == null) {
			return super.getLowCardinalityKeyValue(key);
		}
		for (KeyValue keyValue : held) {
			if (keyValue.getKey().equals(key)) {
				return keyValue;
			}
		}
		return null;
	}

	/**
	 * Moves the held key values to the map before a change the convention did not make.
	 */
	private void toMap() {
		KeyValues held = this.held;
		this.held = null;
		this.read = null;
		if (held != null) {
			for (KeyValue keyValue : held) {
				super.addLowCardinalityKeyValue(keyValue);
			}
		}
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
