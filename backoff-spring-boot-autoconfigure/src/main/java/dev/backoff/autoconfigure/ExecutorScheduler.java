package dev.backoff.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.backoff.core.Scheduler;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The auto-configured {@link Scheduler}: one daemon thread that times asynchronous retries,
 * and the {@link Executor} their next try runs on. Closed with the application context: the
 * waits still pending end at once, and their calls give up with reason {@code shutdown}
 * (their futures complete with the last failure) instead of running against a closed
 * context.
 */
final class ExecutorScheduler implements Scheduler, Executor, AutoCloseable {

	private final ScheduledThreadPoolExecutor timer;

	private volatile boolean closed;

	ExecutorScheduler() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("backoff-scheduler-");
		threads.setDaemon(true);
		this.timer = new ScheduledThreadPoolExecutor(1, threads);
		this.timer.setRemoveOnCancelPolicy(true);
	}

	@Override
	public Future<?> schedule(Runnable task, Duration delay) {
		return this.timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public void execute(Runnable nextTry) {
		if (this.closed) {
			throw new RejectedExecutionException("The application context is closed");
		}
		nextTry.run();
	}

	@Override
	public void close() {
		this.closed = true;
		List<Runnable> pending = this.timer.shutdownNow();
		pending.forEach(Runnable::run);
	}

}
