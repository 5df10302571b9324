package dev.backoff.core;

/**
 * Hears what happens to retried calls (Python backoff's {@code on_success},
 * {@code on_backoff} and {@code on_giveup} handlers). Every method does nothing by default,
 * and the engine does the work for a method (building its event) only when some listener
 * overrides it.
 * <p>
 * A listener that throws anything is logged and skipped: it never changes the call's
 * outcome. Listeners run on the thread that made the call (or, for asynchronous calls, the
 * one that completed the try), so they should be quick.
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
	 * retrier's label or an HTTP host when first used) is seen under a settings entry, with
	 * the counts the registry keeps for it (Resilience4j's {@code onEntryAdded}).
	 * @param statistics the target's running counts
	 */
	default void onNewTarget(RetryStatistics statistics) {
	}

}
