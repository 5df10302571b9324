package dev.backoff.core;

import java.time.Clock;

/**
 * A monotonic nanosecond source: what max-time and elapsed times are measured with. The
 * seam through which tests move time ({@link dev.backoff.core.test.FakeTime}).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Ticker {

	/**
	 * Returns the current time in nanoseconds from an arbitrary origin; only differences
	 * between two readings mean something. Never goes backwards.
	 * @return the reading
	 */
	long nanoTime();

	/**
	 * Returns the wall clock that goes with this ticker: what an HTTP-date
	 * {@code Retry-After} is read against. Default the system's UTC clock.
	 * @return the wall clock
	 */
	default Clock wallClock() {
		return Clock.systemUTC();
	}

	/**
	 * The real ticker, {@link System#nanoTime()}, unaffected by wall-clock adjustments.
	 * @return the ticker
	 */
	static Ticker system() {
		return System::nanoTime;
	}

}
