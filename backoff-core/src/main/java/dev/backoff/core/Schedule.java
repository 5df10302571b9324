package dev.backoff.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A nominal retry schedule: the waits without randomness, and their total.
 *
 * @param waits each wait, in order; the size is the number of retries
 * @param total the sum of the waits
 * @since 0.1.0
 */
public record Schedule(List<Duration> waits, Duration total) {

	/**
	 * Creates a schedule.
	 * @param waits the waits
	 * @param total their sum
	 */
	public Schedule {
		waits = List.copyOf(waits);
	}

	/**
	 * Returns the number of retries in this schedule.
	 * @return the number of waits
	 */
	public int retries() {
		return this.waits.size();
	}

	/**
	 * Renders the schedule in seconds, e.g. {@code 0.2+0.4+0.8 = 1.4 s}.
	 * @return the rendering
	 */
	@Override
	public String toString() {
		if (this.waits.isEmpty()) {
			return "no retries";
		}
		return this.waits.stream().map(Schedule::seconds).collect(Collectors.joining("+")) + " = "
				+ seconds(this.total) + " s";
	}

	/**
	 * Renders a duration in seconds without trailing zeros, e.g. {@code 0.2} or {@code 90}.
	 * @param duration the duration
	 * @return the number of seconds
	 */
	public static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
	}

}
