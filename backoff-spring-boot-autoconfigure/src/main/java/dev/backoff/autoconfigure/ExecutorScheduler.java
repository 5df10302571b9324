package dev.backoff.autoconfigure;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.backoff.core.Scheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The auto-configured {@link Scheduler}: one daemon thread that only times asynchronous
 * retries, and the {@link Executor} their next try runs on: the application's task
 * executor (Spring Boot's {@code applicationTaskExecutor}: a thread pool, or virtual
 * threads with {@code spring.threads.virtual.enabled}), else the timer thread itself.
 * Closed with the application context: the waits still pending end at once, and their
 * calls give up with reason {@code shutdown} (their futures complete with the last
 * failure) instead of running against a closed context.
 */
final class ExecutorScheduler implements Scheduler, Executor, AutoCloseable {

	private final ScheduledThreadPoolExecutor timer;

	private final @Nullable Executor tries;

	private volatile boolean closed;

	ExecutorScheduler(@Nullable Executor tries) {
		this.tries = tries;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("backoff-scheduler-");
		threads.setDaemon(true);
		this.timer = new ScheduledThreadPoolExecutor(1, threads);
		this.timer.setRemoveOnCancelPolicy(true);
	}

	/** Waits not yet over: run at once when the context closes, so their calls end. */
	private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

	@Override
	public Future<?> schedule(Runnable task, Duration delay) {
		Pending wait = new Pending(task);
		this.pending.add(wait);
		wait.timed = this.timer.schedule(wait, delay.toNanos(), TimeUnit.NANOSECONDS);
		return wait;
	}

	@Override
	public void execute(Runnable nextTry) {
		if (this.closed) {
			throw new RejectedExecutionException("The application context is closed");
		}
		if (this.tries != null) {
			this.tries.execute(nextTry);
		}
		else {
			nextTry.run();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.timer.shutdownNow();
		this.pending.forEach(Pending::run);
	}

	/**
	 * A wait: runs its task once, when due or at close; forgotten once run or cancelled.
	 */
	private final class Pending extends FutureTask<Void> {

		private volatile @Nullable Future<?> timed;

		Pending(Runnable task) {
			super(task, null);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			Future<?> timed = this.timed;
			if (timed != null) {
				timed.cancel(false);
			}
			return super.cancel(mayInterruptIfRunning);
		}

		@Override
		protected void done() {
			ExecutorScheduler.this.pending.remove(this);
		}

	}

}
