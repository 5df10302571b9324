package dev.backoff.core;

/**
 * Maps a computed wait to the wait actually slept, given a uniform random number.
 * <p>
 * Pure: the random number is passed in, so a jitter is deterministic under test.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Jitter {

	/** One second, the most that {@link #random()} adds. */
	long ONE_SECOND_NANOS = 1_000_000_000L;

	/**
	 * Applies the jitter.
	 * @param waitNanos the computed wait, not negative
	 * @param random a uniform number in {@code [0, 1)}
	 * @return the jittered wait in nanoseconds, not negative
	 */
	long apply(long waitNanos, double random);

	/**
	 * Full jitter (Python backoff's default): {@code uniform(0, wait)}.
	 * @return the jitter
	 */
	static Jitter full() {
		return Jitters.FULL;
	}

	/**
	 * Equal jitter: {@code wait / 2 + uniform(0, wait / 2)}.
	 * @return the jitter
	 */
	static Jitter equal() {
		return Jitters.EQUAL;
	}

	/**
	 * Random jitter (Python backoff's {@code random_jitter}):
	 * {@code wait + uniform(0, 1 s)}.
	 * @return the jitter
	 */
	static Jitter random() {
		return Jitters.RANDOM;
	}

	/**
	 * No jitter: the wait as computed.
	 * @return the jitter
	 */
	static Jitter none() {
		return Jitters.NONE;
	}

}
