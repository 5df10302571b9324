package dev.backoff.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Renders durations the way people write them in {@code application.yml}: {@code 100ms},
 * {@code 90s}, {@code 1h}, {@code 1500ms}, in the largest unit that holds the value
 * exactly; not {@code PT1M30S}.
 *
 * @since 0.1.0
 */
public final class Durations {

	private static final long[] UNIT_NANOS = { 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
			1_000_000L, 1_000L, 1L };

	private static final String[] UNIT_NAMES = { "d", "h", "m", "s", "ms", "us", "ns" };

	private Durations() {
	}

	/**
	 * Renders a duration, e.g. {@code 10s} for ten seconds and {@code -1s} for minus one.
	 * @param duration the duration
	 * @return the rendering
	 */
	public static String format(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		if (duration.isZero()) {
			return "0ms";
		}
		long nanos;
		try {
			nanos = duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.toSeconds() + "s";
		}
		for (int i = 0; i < UNIT_NANOS.length; i++) {
			if (nanos % UNIT_NANOS[i] == 0) {
				return (nanos / UNIT_NANOS[i]) + UNIT_NAMES[i];
			}
		}
		return nanos + "ns";
	}

}
