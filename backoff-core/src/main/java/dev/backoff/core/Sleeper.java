package dev.backoff.core;

import java.time.Duration;

/**
 * Waits between tries. The seam through which tests replace real sleeping.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {

	/**
	 * Blocks the current thread for the given time. Never called with a zero wait.
	 * @param duration how long to wait, positive
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	void sleep(Duration duration) throws InterruptedException;

	/**
	 * The real sleeper, based on {@link Thread#sleep(long, int)}.
	 * @return the sleeper
	 */
	static Sleeper threadSleep() {
		return duration -> {
			long nanos = duration.toNanos();
			Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
		};
	}

}
