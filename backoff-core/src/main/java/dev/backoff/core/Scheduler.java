package dev.backoff.core;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A timer: runs a task after a delay. The seam through which asynchronous retries wait
 * without blocking a thread. It only times; the retry itself runs on the registry's
 * executor.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Scheduler {

	/**
	 * Runs {@code task} once after {@code delay}.
	 * @param task the task, which must be quick
	 * @param delay the delay, not negative
	 * @return the pending task: cancelling it means the task never runs
	 * @throws java.util.concurrent.RejectedExecutionException if the scheduler is shut
	 * down
	 */
	Future<?> schedule(Runnable task, Duration delay);

	/**
	 * A scheduler backed by a {@link ScheduledExecutorService}.
	 * @param executor the executor
	 * @return the scheduler
	 */
	static Scheduler of(ScheduledExecutorService executor) {
		return (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

}
