package dev.backoff.core;

import org.jspecify.annotations.Nullable;

/**
 * Hears what happens to retried calls (Python backoff's {@code on_success},
 * {@code on_backoff} and {@code on_giveup} handlers). Every method does nothing by
 * default, and the engine does the work for a method (building its event) only when some
 * listener overrides it.
 * <p>
 * A listener that throws anything is logged and skipped: it never changes the call's
 * outcome. Listeners run on the thread that made the call (or, for asynchronous calls,
 * the one that completed the try), so they should be quick.
 *
 * @since 0.1.0
 */
public interface RetryListener {

	/**
	 * Called when a call succeeds, on any try.
	 * @param event the event, with the tries it took and the accepted result
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
	 * Called once when a new target (an annotated method when its bean is created, a
	 * retrier's label or an HTTP host when first used) is seen under a settings entry,
	 * with the counts the registry keeps for it (Resilience4j's {@code onEntryAdded}).
	 * @param statistics the target's running counts
	 */
	default void onNewTarget(RetryStatistics statistics) {
	}

	/**
	 * Called when a call fails for the first time, before its first backoff or give-up
	 * event, to follow that one call: what it returns hears the call's backoffs and its
	 * end, and may make its own context current around each retry (tracing opens an
	 * observation here, so a call that succeeds on its first try records nothing).
	 * @param firstFailure the event of the first failure (no wait, no reason yet)
	 * @return a listener of this call alone, or {@code null} to follow nothing
	 */
	default @Nullable CallListener onFirstFailure(RetryEvent firstFailure) {
		return null;
	}

	/**
	 * Follows one call from its first failure to its end; see {@link #onFirstFailure}.
	 * Exceptions it throws are logged and skipped, like a listener's.
	 */
	interface CallListener {

		/**
		 * Called after a failed try, before waiting for the next one.
		 * @param event the event, with the wait
		 */
		default void onBackoff(RetryEvent event) {
		}

		/**
		 * Called once when the call ends: with a success (no reason) or a give-up.
		 * @param event the last event of the call
		 */
		default void onEnd(RetryEvent event) {
		}

		/**
		 * Makes this call's context current around one retry, on the thread that makes
		 * it.
		 * @return what ends the scope after the try
		 */
		default Runnable openScope() {
			return NoScope.INSTANCE;
		}

	}

}
