package dev.backoff.core;

/**
 * The built-in {@link WaitStrategy} implementations, named by {@link StrategyName}. All
 * arithmetic saturates at {@link Long#MAX_VALUE}, so a long schedule never overflows into
 * a negative wait.
 */
final class Strategies {

	static final WaitStrategy DECORRELATED_JITTER = new DecorrelatedJitter();

	static final WaitStrategy FIBONACCI = new Fibonacci();

	static final WaitStrategy CONSTANT = new Constant();

	private Strategies() {
	}

	static double positive(String name, double value) {
		if (!(value > 0) || Double.isInfinite(value)) {
			throw new InvalidRetrySettingsException(name, value, "a finite number greater than 0");
		}
		return value;
	}

	/**
	 * {@code a * b} for a non-negative long and double, saturating instead of
	 * overflowing.
	 */
	static long times(long nanos, double multiplier) {
		double product = nanos * multiplier;
		return (product >= Long.MAX_VALUE) ? Long.MAX_VALUE : (long) product;
	}

	private record DecorrelatedJitter() implements WaitStrategy {

		@Override
		public long waitNanos(int retry, long previousNanos, long baseNanos, long capNanos, double random) {
			long upper = Math.max(baseNanos, times(previousNanos, 3));
			return Math.min(capNanos, baseNanos + times(upper - baseNanos, random));
		}

		@Override
		public long nominalNanos(int retry, long previousNominalNanos, long baseNanos, long capNanos) {
			return Math.min(capNanos, times(previousNominalNanos, 2));
		}

		@Override
		public boolean isRandomized() {
			return true;
		}

		@Override
		public String toString() {
			return StrategyName.DECORRELATED_JITTER.value();
		}

	}

	record Exponential(double factor) implements WaitStrategy {

		@Override
		public long waitNanos(int retry, long previousNanos, long baseNanos, long capNanos, double random) {
			return times(baseNanos, Math.pow(this.factor, retry - 1));
		}

		@Override
		public String toString() {
			return StrategyName.EXPONENTIAL.value() + "(factor=" + this.factor + ")";
		}

	}

	private record Fibonacci() implements WaitStrategy {

		@Override
		public long waitNanos(int retry, long previousNanos, long baseNanos, long capNanos, double random) {
			long previous = 0;
			long current = 1;
			for (int i = 1; i < retry && current < capNanos; i++) {
				long next = previous + current;
				previous = current;
				current = next;
			}
			return (current > 0 && baseNanos > Long.MAX_VALUE / current) ? Long.MAX_VALUE : baseNanos * current;
		}

		@Override
		public String toString() {
			return StrategyName.FIBONACCI.value();
		}

	}

	private record Constant() implements WaitStrategy {

		@Override
		public long waitNanos(int retry, long previousNanos, long baseNanos, long capNanos, double random) {
			return baseNanos;
		}

		@Override
		public String toString() {
			return StrategyName.CONSTANT.value();
		}

	}

	record Linear(double factor) implements WaitStrategy {

		@Override
		public long waitNanos(int retry, long previousNanos, long baseNanos, long capNanos, double random) {
			return times(baseNanos, 1 + this.factor * (retry - 1));
		}

		@Override
		public String toString() {
			return StrategyName.LINEAR.value() + "(factor=" + this.factor + ")";
		}

	}

	record Polynomial(double exponent) implements WaitStrategy {

		@Override
		public long waitNanos(int retry, long previousNanos, long baseNanos, long capNanos, double random) {
			return times(baseNanos, Math.pow(retry, this.exponent));
		}

		@Override
		public String toString() {
			return StrategyName.POLYNOMIAL.value() + "(exponent=" + this.exponent + ")";
		}

	}

}
