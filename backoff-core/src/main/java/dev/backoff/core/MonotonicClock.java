package dev.backoff.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that never goes backwards: the wall time at creation plus
 * {@link System#nanoTime()} since then. The engine's default, so that a wall-clock
 * adjustment cannot shorten or lengthen a max-time budget.
 *
 * @since 0.1.0
 */
public final class MonotonicClock extends Clock {

	private static final MonotonicClock INSTANCE = new MonotonicClock();

	private final Instant origin = Instant.now();

	private final long originNanos = System.nanoTime();

	private MonotonicClock() {
	}

	/**
	 * Returns the shared instance.
	 * @return the clock
	 */
	public static MonotonicClock get() {
		return INSTANCE;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("MonotonicClock is always UTC");
	}

	@Override
	public Instant instant() {
		return this.origin.plusNanos(System.nanoTime() - this.originNanos);
	}

	@Override
	public String toString() {
		return "MonotonicClock";
	}

}
