package dev.backoff.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StrategyName} and {@link JitterName}, the one mapping between the names that
 * configuration writes and the built-in strategies and jitters.
 */
class BuiltInNamesTests {

	@Test
	void strategyNamesAreWrittenAsInConfiguration() {
		assertThat(StrategyName.names()).containsExactly("decorrelated-jitter", "exponential", "fibonacci", "constant",
				"linear", "polynomial");
		assertThat(StrategyName.forValue("decorrelated-jitter")).contains(StrategyName.DECORRELATED_JITTER);
		assertThat(StrategyName.forValue("DECORRELATED_JITTER")).isEmpty();
	}

	@Test
	void everyStrategyIsNamedByTheNameItWasCreatedFrom() {
		for (StrategyName name : StrategyName.values()) {
			WaitStrategy strategy = name.create(null, null);
			assertThat(StrategyName.of(strategy)).as(name.value()).contains(name);
			assertThat(strategy.toString()).as(name.value()).startsWith(name.value());
		}
		assertThat(StrategyName.of((retry, previous, base, cap, random) -> base)).isEmpty();
	}

	@Test
	void unsetParametersTakeEachStrategysDefault() {
		assertThat(StrategyName.EXPONENTIAL.create(null, null))
			.isEqualTo(WaitStrategy.exponential(StrategyName.DEFAULT_EXPONENTIAL_FACTOR))
			.hasToString("exponential(factor=2.0)");
		assertThat(StrategyName.LINEAR.create(null, 3.0)).isEqualTo(WaitStrategy.linear(1));
		assertThat(StrategyName.POLYNOMIAL.create(5.0, null)).isEqualTo(WaitStrategy.polynomial(2));
		assertThat(StrategyName.EXPONENTIAL.create(3.0, null)).isEqualTo(WaitStrategy.exponential(3));
		assertThat(StrategyName.DECORRELATED_JITTER.create(3.0, 3.0)).isSameAs(WaitStrategy.decorrelatedJitter());
		assertThatExceptionOfType(InvalidRetrySettingsException.class)
			.isThrownBy(() -> StrategyName.LINEAR.create(-1.0, null));
	}

	@Test
	void theDefaultStrategyIsNamed() {
		assertThat(StrategyName.of(RetrySettings.defaults().strategy())).contains(StrategyName.DECORRELATED_JITTER);
	}

	@Test
	void jitterNamesAreWrittenAsInConfigurationAndMatchTheJitters() {
		assertThat(JitterName.names()).containsExactly("full", "equal", "random", "none");
		assertThat(JitterName.FULL.jitter()).isSameAs(Jitter.full());
		assertThat(JitterName.EQUAL.jitter()).isSameAs(Jitter.equal());
		assertThat(JitterName.RANDOM.jitter()).isSameAs(Jitter.random());
		assertThat(JitterName.NONE.jitter()).isSameAs(Jitter.none());
		for (JitterName name : JitterName.values()) {
			assertThat(JitterName.of(name.jitter())).contains(name);
			assertThat(JitterName.forValue(name.value())).contains(name);
			assertThat(name.jitter()).hasToString(name.value());
		}
		assertThat(JitterName.of((wait, random) -> wait)).isEmpty();
	}

}
