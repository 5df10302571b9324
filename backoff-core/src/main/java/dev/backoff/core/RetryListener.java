package dev.backoff.core;

import org.jspecify.annotations.Nullable;

/**
 * Hears what happens to retried calls (Python backoff's {@code on_success},
 * {@code on_backoff} and {@code on_giveup} handlers). Every method does nothing by default.
 * <p>
 * A listener that throws is logged and skipped: it never changes the call's outcome.
 * Listeners run on the thread that made the call (or, for asynchronous calls, the one
 * that completed it), so they should be quick.
 *
 * @since 0.1.0
 */
public interface RetryListener {

	/**
	 * Called when a call succeeds, on any try.
	 * @param event the event, with the tries it took
	 */
	default void onSuccess(RetryEvent event) {
	}

	/**
	 * Called after a failed try, before waiting for the next one.
	 * @param event the event, with the wait
	 */
	default void onBackoff(RetryEvent event) {
	}

	/**
	 * Called when retrying ends without success.
	 * @param event the event, with the reason
	 */
	default void onGiveUp(RetryEvent event) {
	}

	/**
	 * Optionally returns a cheap action to run, instead of {@link #onSuccess}, each time a
	 * call of {@code target} under {@code name} succeeds on its first try, so that the common
	 * case builds no event and reads no clock (a metrics listener returns a pre-bound counter
	 * increment). Asked once per target and settings, not per call. Returns {@code null} by
	 * default: such calls are then reported to {@link #onSuccess} with a full event.
	 * @param name the settings entry's name
	 * @param target what is called, as events name it
	 * @return the action, or {@code null} to receive {@code onSuccess} events
	 */
	default @Nullable Runnable firstTrySuccess(String name, String target) {
		return null;
	}

}
