package dev.backoff.config;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "did you mean" of a configuration problem: a near miss is named, a far one is not.
 */
class ClosestNamesTests {

	@Test
	void distanceCountsEdits() {
		assertThat(ClosestNames.distance("max-trys", "max-tries")).isEqualTo(2);
		assertThat(ClosestNames.distance("cap", "cap")).isZero();
		assertThat(ClosestNames.distance("", "base")).isEqualTo(4);
	}

	@Test
	void theClosestCandidateWithinTwoEditsIsNamed() {
		assertThat(ClosestNames.closest("max-trys", List.of("max-time", "max-tries", "base"))).isEqualTo("max-tries");
	}

	@Test
	void aLongNameMayBeMisspeltByAThirdOfItsLength() {
		assertThat(ClosestNames.closest("billingListenr", List.of("billingListener"))).isEqualTo("billingListener");
		assertThat(ClosestNames.closest("bilingLstenr", List.of("billingListener"))).isEqualTo("billingListener");
	}

	@Test
	void noCandidateIsNamedWhenNoneIsClose() {
		assertThat(ClosestNames.closest("colour", List.of("max-tries", "base", "cap"))).isNull();
		assertThat(ClosestNames.closest("anything", List.of())).isNull();
	}

}
