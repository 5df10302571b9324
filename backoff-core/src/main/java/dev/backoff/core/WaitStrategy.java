package dev.backoff.core;

/**
 * Computes the wait before a retry, before jitter and before the cap is applied.
 * <p>
 * The equivalent of a Python {@code backoff} wait generator: a small pure function of the
 * retry number, the previous wait and the effective base and cap (which a per-status
 * override may change). Randomness is passed in as a number, never drawn inside, so a
 * strategy is deterministic under test. Implement it for a custom strategy.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface WaitStrategy {

	/**
	 * Returns the wait in nanoseconds before retry number {@code retry}.
	 * @param retry 1 for the wait after the first failed call, 2 after the second, ...
	 * @param previousNanos the previous wait (the base before the first retry)
	 * @param baseNanos the effective base
	 * @param capNanos the effective cap; the engine caps the result anyway
	 * @param random a uniform number in {@code [0, 1)} drawn for this wait
	 * @return the wait in nanoseconds, not negative
	 */
	long waitNanos(int retry, long previousNanos, long baseNanos, long capNanos, double random);

	/**
	 * Returns the nominal wait, the one printed in schedules: the wait without
	 * randomness. By default the strategy evaluated at the middle of the random range.
	 * @param retry the retry number, from 1
	 * @param previousNominalNanos the previous nominal wait (the base before the first
	 * retry)
	 * @param baseNanos the effective base
	 * @param capNanos the effective cap
	 * @return the nominal wait in nanoseconds
	 */
	default long nominalNanos(int retry, long previousNominalNanos, long baseNanos, long capNanos) {
		return waitNanos(retry, previousNominalNanos, baseNanos, capNanos, 0.5);
	}

	/**
	 * Whether the strategy draws its own randomness, so that jitter on top is unneeded.
	 * @return {@code true} for decorrelated jitter
	 */
	default boolean isRandomized() {
		return false;
	}

	/**
	 * Decorrelated jitter as the AWS Architecture Blog defines it:
	 * {@code sleep = min(cap, uniform(base, previous * 3))}. Its nominal schedule doubles
	 * from the base ({@code base * 2^retry}), which is how the Orion client documents it.
	 * @return the strategy
	 */
	static WaitStrategy decorrelatedJitter() {
		return Strategies.DECORRELATED_JITTER;
	}

	/**
	 * Exponential: {@code base * factor^(retry - 1)}.
	 * @param factor the growth per retry, greater than 0
	 * @return the strategy
	 */
	static WaitStrategy exponential(double factor) {
		return new Strategies.Exponential(Strategies.positive("factor", factor));
	}

	/**
	 * Fibonacci: {@code base * fib(retry)}, that is base, base, 2 base, 3 base, 5 base...
	 * @return the strategy
	 */
	static WaitStrategy fibonacci() {
		return Strategies.FIBONACCI;
	}

	/**
	 * Constant: always the base.
	 * @return the strategy
	 */
	static WaitStrategy constant() {
		return Strategies.CONSTANT;
	}

	/**
	 * Linear: {@code base * (1 + factor * (retry - 1))}; with factor 1: base, 2 base, 3
	 * base...
	 * @param factor the growth per retry in multiples of the base, greater than 0
	 * @return the strategy
	 */
	static WaitStrategy linear(double factor) {
		return new Strategies.Linear(Strategies.positive("factor", factor));
	}

	/**
	 * Polynomial: {@code base * retry^exponent}; with exponent 2: base, 4 base, 9 base...
	 * @param exponent the power, greater than 0
	 * @return the strategy
	 */
	static WaitStrategy polynomial(double exponent) {
		return new Strategies.Polynomial(Strategies.positive("exponent", exponent));
	}

}
