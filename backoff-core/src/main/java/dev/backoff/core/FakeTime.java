package dev.backoff.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time for tests: a {@link Clock}, {@link Sleeper} and {@link Scheduler} in one, where
 * sleeping returns at once and moves the clock forward instead. Every wait is recorded.
 * <p>
 * Scheduled tasks run in due order on the scheduling thread; a task that schedules
 * another runs after it returns, so an asynchronous retry chain completes within the
 * first call. Thread-safe.
 *
 * @since 0.1.0
 */
public final class FakeTime extends Clock implements Sleeper, Scheduler {

	private final Instant origin;

	private long nanos;

	private long sequence;

	private boolean draining;

	private final List<Duration> waits = new ArrayList<>();

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	/** A fake time starting at the epoch. */
	public FakeTime() {
		this(Instant.EPOCH);
	}

	/**
	 * A fake time starting at the given instant.
	 * @param origin the first instant
	 */
	public FakeTime(Instant origin) {
		this.origin = origin;
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
	public void schedule(Runnable task, Duration delay) {
		synchronized (this) {
			this.waits.add(delay);
			this.tasks.add(new Task(this.nanos + delay.toNanos(), this.sequence++, task));
			if (this.draining) {
				return;
			}
			this.draining = true;
		}
		try {
			drain();
		}
		finally {
			synchronized (this) {
				this.draining = false;
			}
		}
	}

	private void drain() {
		while (true) {
			Task next;
			synchronized (this) {
				next = this.tasks.poll();
				if (next == null) {
					return;
				}
				this.nanos = Math.max(this.nanos, next.dueNanos);
			}
			next.task.run();
		}
	}

	/**
	 * Moves the clock forward, as if time passed during a call.
	 * @param duration how far
	 */
	public synchronized void advance(Duration duration) {
		this.nanos += duration.toNanos();
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

	@Override
	public synchronized Instant instant() {
		return this.origin.plusNanos(this.nanos);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("FakeTime is always UTC");
	}

	private record Task(long dueNanos, long sequence, Runnable task) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byDue = Long.compare(this.dueNanos, other.dueNanos);
			return (byDue != 0) ? byDue : Long.compare(this.sequence, other.sequence);
		}

	}

}
