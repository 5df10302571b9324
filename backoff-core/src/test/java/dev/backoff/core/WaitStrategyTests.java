package dev.backoff.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class WaitStrategyTests {

	private static final long BASE = 100;

	private static final long CAP = 1_000_000;

	@Test
	void exponentialMultipliesTheBaseByTheFactorEachRetry() {
		assertThat(waits(WaitStrategy.exponential(2), 6)).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L);
		assertThat(waits(WaitStrategy.exponential(3), 4)).containsExactly(100L, 300L, 900L, 2700L);
	}

	@Test
	void fibonacciFollowsTheSequenceInMultiplesOfTheBase() {
		assertThat(waits(WaitStrategy.fibonacci(), 8)).containsExactly(100L, 100L, 200L, 300L, 500L, 800L, 1300L,
				2100L);
	}

	@Test
	void constantAlwaysWaitsTheBase() {
		assertThat(waits(WaitStrategy.constant(), 4)).containsExactly(100L, 100L, 100L, 100L);
	}

	@Test
	void linearGrowsByFactorTimesBase() {
		assertThat(waits(WaitStrategy.linear(1), 4)).containsExactly(100L, 200L, 300L, 400L);
		assertThat(waits(WaitStrategy.linear(0.5), 3)).containsExactly(100L, 150L, 200L);
	}

	@Test
	void polynomialRaisesTheRetryNumberToTheExponent() {
		assertThat(waits(WaitStrategy.polynomial(2), 4)).containsExactly(100L, 400L, 900L, 1600L);
		assertThat(waits(WaitStrategy.polynomial(3), 3)).containsExactly(100L, 800L, 2700L);
	}

	@Test
	void longSchedulesSaturateInsteadOfOverflowing() {
		assertThat(WaitStrategy.exponential(2).waitNanos(200, 0, 1_000_000_000L, Long.MAX_VALUE, 0.5))
			.isEqualTo(Long.MAX_VALUE);
		assertThat(WaitStrategy.fibonacci().waitNanos(500, 0, 1_000_000_000L, Long.MAX_VALUE, 0.5)).isPositive();
		assertThat(WaitStrategy.polynomial(50).waitNanos(1000, 0, 1_000_000_000L, Long.MAX_VALUE, 0.5))
			.isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void decorrelatedJitterIsUniformBetweenBaseAndThreeTimesThePrevious() {
		WaitStrategy strategy = WaitStrategy.decorrelatedJitter();
		assertThat(strategy.waitNanos(3, 1000, BASE, CAP, 0.0)).isEqualTo(BASE);
		assertThat(strategy.waitNanos(3, 1000, BASE, CAP, 0.5)).isEqualTo(BASE + (3000 - BASE) / 2);
		assertThat(strategy.waitNanos(3, 1000, BASE, CAP, 0.999999)).isCloseTo(3000L, within(1L));
		assertThat(strategy.waitNanos(3, 1000, BASE, 2000, 0.999999)).isEqualTo(2000);
	}

	@Test
	void decorrelatedJitterNeverLeavesBaseAndCap() {
		SplittableRandom random = new SplittableRandom(42);
		WaitStrategy strategy = WaitStrategy.decorrelatedJitter();
		long previous = BASE;
		for (int retry = 1; retry <= 10_000; retry++) {
			long wait = strategy.waitNanos(retry, previous, BASE, 50_000, random.nextDouble());
			assertThat(wait).isBetween(BASE, 50_000L);
			previous = wait;
		}
	}

	@Test
	void decorrelatedJitterMeanMatchesTheUniformDistribution() {
		SplittableRandom random = new SplittableRandom(7);
		WaitStrategy strategy = WaitStrategy.decorrelatedJitter();
		int samples = 100_000;
		double sum = 0;
		int belowMiddle = 0;
		for (int i = 0; i < samples; i++) {
			long wait = strategy.waitNanos(5, 10_000, 1_000, CAP, random.nextDouble());
			sum += wait;
			if (wait < 15_500) {
				belowMiddle++;
			}
		}
		// uniform(1000, 30000): mean 15500, half the mass below the middle
		assertThat(sum / samples).isCloseTo(15_500, within(15_500 * 0.02));
		assertThat(belowMiddle / (double) samples).isCloseTo(0.5, within(0.02));
	}

	@Test
	void decorrelatedJitterNominalScheduleDoublesFromTheBase() {
		WaitStrategy strategy = WaitStrategy.decorrelatedJitter();
		List<Long> nominal = new ArrayList<>();
		long previous = BASE;
		for (int retry = 1; retry <= 5; retry++) {
			previous = strategy.nominalNanos(retry, previous, BASE, 1000);
			nominal.add(previous);
		}
		assertThat(nominal).containsExactly(200L, 400L, 800L, 1000L, 1000L);
		assertThat(strategy.isRandomized()).isTrue();
		assertThat(WaitStrategy.exponential(2).isRandomized()).isFalse();
	}

	@Test
	void parametersMustBePositiveAndFinite() {
		assertThatExceptionOfType(InvalidRetrySettingsException.class).isThrownBy(() -> WaitStrategy.exponential(0))
			.withMessage("factor was '0' but it must be a finite number greater than 0");
		assertThatExceptionOfType(InvalidRetrySettingsException.class).isThrownBy(() -> WaitStrategy.linear(Double.NaN))
			.withMessageStartingWith("factor was 'NaN'");
		assertThatExceptionOfType(InvalidRetrySettingsException.class)
			.isThrownBy(() -> WaitStrategy.polynomial(Double.POSITIVE_INFINITY))
			.withMessageStartingWith("exponent was 'Infinity'");
	}

	private static List<Long> waits(WaitStrategy strategy, int retries) {
		List<Long> waits = new ArrayList<>();
		long previous = BASE;
		for (int retry = 1; retry <= retries; retry++) {
			previous = strategy.waitNanos(retry, previous, BASE, CAP, 0.5);
			waits.add(previous);
		}
		return waits;
	}

}
