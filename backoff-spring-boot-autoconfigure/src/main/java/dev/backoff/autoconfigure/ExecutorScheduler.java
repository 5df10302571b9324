package dev.backoff.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.backoff.core.Scheduler;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The auto-configured {@link Scheduler}: one daemon thread that times asynchronous retries
 * and runs their next try. Closed with the application context; retries already scheduled
 * still run.
 */
final class ExecutorScheduler implements Scheduler, AutoCloseable {

	private final ScheduledThreadPoolExecutor executor;

	ExecutorScheduler() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("backoff-scheduler-");
		threads.setDaemon(true);
		this.executor = new ScheduledThreadPoolExecutor(1, threads);
		this.executor.setRemoveOnCancelPolicy(true);
	}

	@Override
	public void schedule(Runnable task, Duration delay) {
		if (delay.isZero()) {
			this.executor.execute(task);
		}
		else {
			this.executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void close() {
		this.executor.shutdown();
	}

}
