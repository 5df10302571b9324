package dev.backoff.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A nominal retry schedule: the waits without randomness, and their total, with max-time
 * applied as the engine applies it (the last wait shortened to end at the deadline).
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
	 * Returns the nominal schedule of a call whose failures carry no status, e.g. the
	 * defaults' {@code 0.2+0.4+...+51.2+90 = 192.2 s}.
	 * @param settings the settings
	 * @return the schedule
	 */
	public static Schedule of(RetrySettings settings) {
		Rules rules = new Rules(settings);
		return of(settings.strategy(), rules.entry, rules.entry);
	}

	/**
	 * Returns the nominal schedule of a call that keeps failing with {@code status}.
	 * @param settings the settings
	 * @param status the HTTP status
	 * @return the schedule; empty if the status is not retried
	 */
	public static Schedule of(RetrySettings settings, int status) {
		if (!settings.retryOnStatus().contains(status)) {
			return new Schedule(List.of(), Duration.ZERO);
		}
		Rules rules = new Rules(settings);
		return of(settings.strategy(), rules.limit(status), rules.entry);
	}

	private static Schedule of(WaitStrategy strategy, Rules.Limit limit, Rules.Limit entry) {
		List<Duration> waits = new ArrayList<>();
		long total = 0;
		long previous = limit.baseNanos();
		long deadline = Math.min(limit.maxTimeNanos(), entry.maxTimeNanos());
		for (int retry = 1; retry < limit.maxTries() && total < deadline; retry++) {
			long nominal = Math.min(limit.capNanos(),
					strategy.nominalNanos(retry, previous, limit.baseNanos(), limit.capNanos()));
			long wait = Math.min(nominal, deadline - total);
			waits.add(Duration.ofNanos(wait));
			total += wait;
			previous = nominal;
		}
		return new Schedule(waits, Duration.ofNanos(total));
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
		return this.waits.stream().map(Schedule::seconds).collect(Collectors.joining("+")) + " = " + seconds(this.total)
				+ " s";
	}

	/**
	 * Renders a duration in seconds without trailing zeros, e.g. {@code 0.2} or
	 * {@code 90}.
	 * @param duration the duration
	 * @return the number of seconds
	 */
	public static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
	}

}
