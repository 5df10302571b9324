package dev.backoff.core.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import dev.backoff.core.Scheduler;
import dev.backoff.core.Sleeper;
import dev.backoff.core.Ticker;

/**
 * Time for tests: a {@link Ticker}, {@link Sleeper} and {@link Scheduler} in one, where
 * sleeping returns at once and moves time forward instead. Every wait is recorded.
 * <p>
 * By default a scheduled task runs at once, in due order, on the thread that scheduled it
 * (a task that schedules another runs after it returns), so an asynchronous retry chain
 * completes within the first call. {@link #manual()} makes a fake time whose scheduled
 * tasks wait until {@link #advance} reaches them, for tests that act between tries
 * (cancelling, shutting down). Thread-safe.
 *
 * @since 0.1.0
 */
public final class FakeTime implements Ticker, Sleeper, Scheduler {

	private final Instant origin;

	private final boolean runsScheduledAtOnce;

	private long nanos;

	private long sequence;

	private boolean draining;

	private final List<Duration> waits = new ArrayList<>();

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	/** A fake time starting at the epoch, running scheduled tasks at once. */
	public FakeTime() {
		this(Instant.EPOCH, true);
	}

	/**
	 * A fake time starting at the given wall-clock instant, running scheduled tasks at
	 * once.
	 * @param origin the wall-clock instant at which the time starts
	 */
	public FakeTime(Instant origin) {
		this(origin, true);
	}

	private FakeTime(Instant origin, boolean runsScheduledAtOnce) {
		this.origin = origin;
		this.runsScheduledAtOnce = runsScheduledAtOnce;
	}

	/**
	 * Returns a fake time whose scheduled tasks run only when {@link #advance} reaches
	 * them.
	 * @return the fake time, starting at the epoch
	 */
	public static FakeTime manual() {
		return new FakeTime(Instant.EPOCH, false);
	}

	@Override
	public synchronized long nanoTime() {
		return this.nanos;
	}

	@Override
	public Clock wallClock() {
		return new WallClock(ZoneOffset.UTC);
	}

	@Override
	public synchronized void sleep(Duration duration) throws InterruptedException {
		if (Thread.currentThread().isInterrupted()) {
			throw new InterruptedException("interrupted before sleeping " + duration);
		}
		this.waits.add(duration);
		this.nanos += duration.toNanos();
	}

	@Override
	public Future<?> schedule(Runnable task, Duration delay) {
		FutureTask<Void> future = new FutureTask<>(task, null);
		synchronized (this) {
			this.waits.add(delay);
			this.tasks.add(new Task(this.nanos + delay.toNanos(), this.sequence++, future));
		}
		if (this.runsScheduledAtOnce) {
			runDue(Long.MAX_VALUE);
		}
		return future;
	}

	/**
	 * Moves time forward, as if it passed during a call, and runs the scheduled tasks
	 * that fall due on the way.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		long until;
		synchronized (this) {
			until = this.nanos + duration.toNanos();
		}
		runDue(until);
		synchronized (this) {
			this.nanos = Math.max(this.nanos, until);
		}
	}

	/** Runs due tasks in order; one thread drains at a time, others only enqueue. */
	private void runDue(long until) {
		synchronized (this) {
			if (this.draining) {
				return;
			}
			this.draining = true;
		}
		try {
			while (true) {
				Task next;
				synchronized (this) {
					next = this.tasks.peek();
					if (next == null || next.dueNanos > until) {
						return;
					}
					this.tasks.poll();
					this.nanos = Math.max(this.nanos, next.dueNanos);
				}
				next.task.run();
			}
		}
		finally {
			synchronized (this) {
				this.draining = false;
			}
		}
	}

	/**
	 * Returns how many scheduled tasks wait to run, cancelled ones included.
	 * @return the number of pending tasks
	 */
	public synchronized int pending() {
		return this.tasks.size();
	}

	/**
	 * Returns every wait slept or scheduled so far, in order.
	 * @return a copy of the waits
	 */
	public synchronized List<Duration> waits() {
		return List.copyOf(this.waits);
	}

	/**
	 * Returns how much time has passed since creation.
	 * @return the elapsed time
	 */
	public synchronized Duration elapsed() {
		return Duration.ofNanos(this.nanos);
	}

	private record Task(long dueNanos, long sequence, FutureTask<?> task) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byDue = Long.compare(this.dueNanos, other.dueNanos);
			return (byDue != 0) ? byDue : Long.compare(this.sequence, other.sequence);
		}

	}

	/** The wall-clock view: the origin plus the fake time elapsed. */
	private final class WallClock extends Clock {

		private final ZoneId zone;

		WallClock(ZoneId zone) {
			this.zone = zone;
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return new WallClock(zone);
		}

		@Override
		public Instant instant() {
			return FakeTime.this.origin.plusNanos(nanoTime());
		}

	}

}
