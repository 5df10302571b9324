package dev.backoff.core;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Bounds are checked on every sample; shapes with a seeded source and tolerances several
 * standard errors wide, so the tests cannot flake.
 */
class JitterTests {

	private static final int SAMPLES = 100_000;

	private static final long WAIT = 1_000_000;

	@Test
	void fullJitterIsUniformBetweenZeroAndTheWait() {
		Stats stats = sample((random) -> Jitter.full().apply(WAIT, random));
		assertThat(stats.min).isGreaterThanOrEqualTo(0);
		assertThat(stats.max).isLessThan(WAIT);
		assertThat(stats.mean()).isCloseTo(WAIT / 2.0, within(WAIT * 0.01));
		assertThat(stats.quartiles()).satisfies((q) -> {
			assertThat(q[0]).isCloseTo(0.25, within(0.01));
			assertThat(q[1]).isCloseTo(0.25, within(0.01));
			assertThat(q[2]).isCloseTo(0.25, within(0.01));
			assertThat(q[3]).isCloseTo(0.25, within(0.01));
		});
	}

	@Test
	void equalJitterKeepsHalfAndRandomizesTheOtherHalf() {
		Stats stats = sample((random) -> Jitter.equal().apply(WAIT, random));
		assertThat(stats.min).isGreaterThanOrEqualTo(WAIT / 2);
		assertThat(stats.max).isLessThanOrEqualTo(WAIT);
		assertThat(stats.mean()).isCloseTo(WAIT * 0.75, within(WAIT * 0.01));
		assertThat(stats.quartiles()[0]).isZero();
		assertThat(stats.quartiles()[1]).isZero();
	}

	@Test
	void randomJitterAddsUpToOneSecond() {
		Stats stats = sample((random) -> Jitter.random().apply(WAIT, random));
		assertThat(stats.min).isGreaterThanOrEqualTo(WAIT);
		assertThat(stats.max).isLessThan(WAIT + Jitter.ONE_SECOND_NANOS);
		assertThat(stats.mean()).isCloseTo(WAIT + Jitter.ONE_SECOND_NANOS / 2.0,
				within(Jitter.ONE_SECOND_NANOS * 0.01));
	}

	@Test
	void randomJitterSaturatesNearTheLargestWait() {
		assertThat(Jitter.random().apply(Long.MAX_VALUE - 10, 0.9)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void noJitterReturnsTheWait() {
		Stats stats = sample((random) -> Jitter.none().apply(WAIT, random));
		assertThat(stats.min).isEqualTo(WAIT);
		assertThat(stats.max).isEqualTo(WAIT);
	}

	@Test
	void namesMatchThePropertyValues() {
		assertThat(Jitter.full()).hasToString("full");
		assertThat(Jitter.equal()).hasToString("equal");
		assertThat(Jitter.random()).hasToString("random");
		assertThat(Jitter.none()).hasToString("none");
	}

	private static Stats sample(java.util.function.DoubleFunction<Long> jitter) {
		SplittableRandom random = new SplittableRandom(20261123);
		Stats stats = new Stats();
		for (int i = 0; i < SAMPLES; i++) {
			stats.add(jitter.apply(random.nextDouble()));
		}
		return stats;
	}

	/** Minimum, maximum, mean, and the share of samples in each quarter of [0, WAIT). */
	private static final class Stats {

		long min = Long.MAX_VALUE;

		long max = Long.MIN_VALUE;

		double sum;

		final int[] quarters = new int[4];

		int count;

		void add(long value) {
			this.min = Math.min(this.min, value);
			this.max = Math.max(this.max, value);
			this.sum += value;
			this.count++;
			if (value >= 0 && value < WAIT) {
				this.quarters[(int) (value * 4 / WAIT)]++;
			}
		}

		double mean() {
			return this.sum / this.count;
		}

		double[] quartiles() {
			double[] shares = new double[4];
			for (int i = 0; i < 4; i++) {
				shares[i] = this.quarters[i] / (double) this.count;
			}
			return shares;
		}

	}

}
