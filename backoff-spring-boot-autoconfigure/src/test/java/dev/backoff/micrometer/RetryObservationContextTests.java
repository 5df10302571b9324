package dev.backoff.micrometer;

import java.time.Duration;

import dev.backoff.core.RetryEvent;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The context keeps its low-cardinality key values as given, and still reads what any
 * other change made: always what a plain context holds after the same changes.
 */
class RetryObservationContextTests {

	private final RetryObservationContext context = new RetryObservationContext(
			new RetryEvent("test", "Billing#charge", null, 1, Duration.ZERO, null, null, null, null, null));

	private final Observation.Context plain = new Observation.Context();

	@Test
	void holdsNoKeyValuesAtFirst() {
		assertSame();
		assertThat(this.context.getLowCardinalityKeyValues()).isEmpty();
	}

	@Test
	void theConventionsValuesAtTheStartAndTheStopReplaceEachOther() {
		addAll(KeyValues.of("name", "test", "outcome", "unknown", "reason", "none"));
		assertSame();
		addAll(KeyValues.of("name", "test", "outcome", "giveup", "reason", "max-tries"));
		assertSame();
		assertThat(this.context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("giveup");
	}

	@Test
	void valuesWithOtherKeysAreAddedToThoseHeld() {
		addAll(KeyValues.of("name", "test", "outcome", "unknown"));
		addAll(KeyValues.of("outcome", "success", "region", "eu"));
		assertSame();
		addAll(KeyValues.of("name", "other", "outcome", "giveup", "region", "us"));
		assertSame();
	}

	@Test
	void oneValueAddedOrRemovedIsSeen() {
		addAll(KeyValues.of("name", "test", "outcome", "unknown"));
		assertSame();
		this.context.addLowCardinalityKeyValue(KeyValue.of("region", "eu"));
		this.plain.addLowCardinalityKeyValue(KeyValue.of("region", "eu"));
		assertSame();
		this.context.removeLowCardinalityKeyValues("name", "region");
		this.plain.removeLowCardinalityKeyValues("name", "region");
		assertSame();
		addAll(KeyValues.of("name", "test", "outcome", "success"));
		assertSame();
	}

	private void addAll(KeyValues keyValues) {
		this.context.addLowCardinalityKeyValues(keyValues);
		this.plain.addLowCardinalityKeyValues(keyValues);
	}

	private void assertSame() {
		assertThat(this.context.getLowCardinalityKeyValues()).isEqualTo(this.plain.getLowCardinalityKeyValues());
		assertThat(this.context.getAllKeyValues()).isEqualTo(this.plain.getAllKeyValues());
	}

}
