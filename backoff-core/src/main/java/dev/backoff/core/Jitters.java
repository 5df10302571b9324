package dev.backoff.core;

/**
 * The built-in {@link Jitter} functions; {@link JitterName} names them.
 */
enum Jitters implements Jitter {

	FULL {
		@Override
		public long apply(long waitNanos, double random) {
			return (long) (waitNanos * random);
		}
	},

	EQUAL {
		@Override
		public long apply(long waitNanos, double random) {
			long half = waitNanos / 2;
			return (waitNanos - half) + (long) (half * random);
		}
	},

	RANDOM {
		@Override
		public long apply(long waitNanos, double random) {
			long extra = (long) (ONE_SECOND_NANOS * random);
			return (waitNanos > Long.MAX_VALUE - extra) ? Long.MAX_VALUE : waitNanos + extra;
		}
	},

	NONE {
		@Override
		public long apply(long waitNanos, double random) {
			return waitNanos;
		}
	};

	@Override
	public String toString() {
		return JitterName.of(this).orElseThrow().value();
	}

}
