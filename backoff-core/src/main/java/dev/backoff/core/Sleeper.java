package dev.backoff.core;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

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
	 * The real sleeper: parks until {@link System#nanoTime()} reaches the end of the
	 * wait, so a wait never ends late by the millisecond rounding of
	 * {@code Thread.sleep}, and never early.
	 * @return the sleeper
	 */
	static Sleeper system() {
		return (duration) -> {
			long deadline = System.nanoTime() + duration.toNanos();
			for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
				LockSupport.parkNanos(left);
				if (Thread.interrupted()) {
					throw new InterruptedException("interrupted while waiting " + duration + " to retry");
				}
			}
		};
	}

}
