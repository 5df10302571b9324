package dev.backoff.core;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; the seam through which asynchronous retries wait without
 * blocking a thread.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Scheduler {

	/**
	 * Runs {@code task} once after {@code delay}; a zero delay may run it at once.
	 * @param task the task
	 * @param delay the delay, not negative
	 */
	void schedule(Runnable task, Duration delay);

	/**
	 * A scheduler backed by a {@link ScheduledExecutorService}.
	 * @param executor the executor
	 * @return the scheduler
	 */
	static Scheduler of(ScheduledExecutorService executor) {
		return (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

}
