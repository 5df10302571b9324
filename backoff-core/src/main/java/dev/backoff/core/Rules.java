package dev.backoff.core;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * {@link RetrySettings} compiled once for the decisions: per-status limits merged with
 * the entry's, durations in nanoseconds, exception types as arrays (checked on every
 * failure without an iterator).
 */
final class Rules {

	/** No deadline. */
	static final long NONE = Long.MAX_VALUE;

	final RetrySettings settings;

	final Limit entry;

	private final Map<Integer, Limit> byStatus;

	/**
	 * Whether the entry's own max-time applies, so the ticker is read before the first
	 * try.
	 */
	final boolean timedFromStart;

	/** Whether any max-time (the entry's or a status's) applies. */
	final boolean timed;

	private final Class<?>[] retryOn;

	private final Class<?>[] giveUpOn;

	/**
	 * These rules as a thread's {@link RetryScope} holds them while their call's tries
	 * run there: weakly, since the slot is not cleared after the try.
	 */
	final WeakReference<Rules> asLayer = new WeakReference<>(this);

	Rules(RetrySettings settings) {
		this.settings = settings;
		this.entry = new Limit(nanos(settings.base()), nanos(settings.cap()), settings.maxTries(),
				nanosOrNone(settings.maxTime()), false);
		Map<Integer, Limit> limits = new HashMap<>();
		boolean anyTimed = settings.maxTime() != null;
		for (Map.Entry<Integer, StatusOverride> each : settings.statusOverrides().entrySet()) {
			StatusOverride override = each.getValue();
			limits.put(each.getKey(),
					new Limit((override.base() != null) ? nanos(override.base()) : this.entry.baseNanos,
							(override.cap() != null) ? nanos(override.cap()) : this.entry.capNanos,
							(override.maxTries() != null) ? override.maxTries() : this.entry.maxTries,
							nanosOrNone(override.maxTime()), true));
			anyTimed |= override.maxTime() != null;
		}
		this.byStatus = Map.copyOf(limits);
		this.timedFromStart = settings.maxTime() != null;
		this.timed = anyTimed;
		this.retryOn = settings.retryOn().toArray(Class<?>[]::new);
		this.giveUpOn = settings.giveUpOn().toArray(Class<?>[]::new);
	}

	/** The limits in force while failures carry {@code status}. */
	Limit limit(int status) {
		Limit limit = (status != StatusCodeExtractor.NO_STATUS) ? this.byStatus.get(status) : null;
		return (limit != null) ? limit : this.entry;
	}

	/**
	 * Why these rules would not retry {@code failure} whatever the limits left: a
	 * give-up-on type or the give-up predicate ({@code give-up-on}); not a retry-on type,
	 * or a status that is not retried ({@code not-retryable}).
	 * @param failure the failure
	 * @param status the status it carries, or {@link StatusCodeExtractor#NO_STATUS}
	 * @return the reason, or {@code null} if the failure would be retried
	 */
	@Nullable GiveUpReason refusal(Throwable failure, int status) {
		Predicate<Throwable> giveUpWhen = this.settings.giveUpWhen();
		if (isInstance(this.giveUpOn, failure) || (giveUpWhen != null && giveUpWhen.test(failure))) {
			return GiveUpReason.GIVE_UP_ON;
		}
		if (!isInstance(this.retryOn, failure)
				|| (status != StatusCodeExtractor.NO_STATUS && !this.settings.retryOnStatus().contains(status))) {
			return GiveUpReason.NOT_RETRYABLE;
		}
		return null;
	}

	/** Whether the result predicate asks to retry {@code result}. */
	boolean retriesResult(@Nullable Object result) {
		Predicate<Object> retryOnResult = this.settings.retryOnResult();
		return retryOnResult != null && retryOnResult.test(result);
	}

	private static boolean isInstance(Class<?>[] types, Throwable failure) {
		for (Class<?> type : types) {
			if (type.isInstance(failure)) {
				return true;
			}
		}
		return false;
	}

	private static long nanos(Duration duration) {
		return duration.toNanos();
	}

	private static long nanosOrNone(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() : NONE;
	}

	/**
	 * The limits in force for one failure.
	 *
	 * @param maxTimeNanos the status's own max-time, or the entry's for the entry's limit
	 * @param forStatus whether these are a status's limits
	 */
	record Limit(long baseNanos, long capNanos, int maxTries, long maxTimeNanos, boolean forStatus) {
	}

}
