package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Per-HTTP-status overrides of an entry's values (the Orion client's
 * {@code backoff_dict}). Each value left {@code null} is inherited from the entry.
 * <p>
 * A status's {@code maxTries} replaces the entry's while failures carry that status (so a
 * 429 can be retried 45 times under an entry that allows 10); its {@code maxTime} applies
 * in addition to the entry's, and the first deadline reached ends the retrying. A
 * status's {@code maxTime} counts from the end of the first failed try that carried a
 * status (the entry's from the start of the first try), so neither a call that succeeds
 * nor a failure without a status reads the clock for it.
 *
 * @param base the base for this status, or {@code null} to inherit
 * @param cap the cap for this status, or {@code null} to inherit
 * @param maxTries the total calls allowed while this status is returned, or {@code null}
 * @param maxTime the time budget while this status is returned, or {@code null}
 * @since 0.1.0
 */
public record StatusOverride(@Nullable Duration base, @Nullable Duration cap, @Nullable Integer maxTries,
		@Nullable Duration maxTime) {

	/** No override at all. */
	public static final StatusOverride NONE = new StatusOverride(null, null, null, null);

	/**
	 * Returns an override of max-tries only.
	 * @param maxTries the total calls
	 * @return the override
	 */
	public static StatusOverride maxTries(int maxTries) {
		return new StatusOverride(null, null, maxTries, null);
	}

	/**
	 * Returns this override with each {@code null} value taken from {@code inherited}.
	 * @param inherited the override this one is laid over
	 * @return the merged override
	 */
	public StatusOverride over(StatusOverride inherited) {
		return new StatusOverride(pick(this.base, inherited.base), pick(this.cap, inherited.cap),
				pick(this.maxTries, inherited.maxTries), pick(this.maxTime, inherited.maxTime));
	}

	private static <T> @Nullable T pick(@Nullable T own, @Nullable T inherited) {
		return (own != null) ? own : inherited;
	}

}
