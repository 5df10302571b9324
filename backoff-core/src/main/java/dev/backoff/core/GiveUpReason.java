package dev.backoff.core;

import java.util.Locale;

/**
 * Why a call stopped being retried. The {@link #tag()} values form the bounded set used
 * in metric tags and logs.
 *
 * @since 0.1.0
 */
public enum GiveUpReason {

	/**
	 * The call was made as many times as max-tries (the entry's or the status's) allows.
	 */
	MAX_TRIES,

	/**
	 * A deadline (the entry's max-time or the status's) was reached, or a server-paced
	 * wait would have crossed it.
	 */
	MAX_TIME,

	/** The failure is not of a retry-on type, or carries a status that is not retried. */
	NOT_RETRYABLE,

	/** The failure is of a give-up-on type or matched the give-up predicate. */
	GIVE_UP_ON,

	/** Retrying is off for this call: a {@link NoRetry} scope is open. */
	NO_RETRY,

	/**
	 * The call ran inside another retrying call's try, and that call would retry this
	 * failure (or result) itself: so this one made one try and left the retrying to the
	 * outer call (unless nested retries are allowed).
	 */
	NESTED,

	/**
	 * The thread was interrupted: while waiting, or the call itself threw an interrupt.
	 */
	INTERRUPTED,

	/** The server asked for a wait ({@code Retry-After}) longer than the cap. */
	RETRY_AFTER,

	/** The entry's retry budget had too few tokens left for another retry. */
	BUDGET,

	/** The caller cancelled the returned future, or disposed the subscription. */
	CANCELLED,

	/** The scheduler or executor that asynchronous retries need was shut down. */
	SHUTDOWN,

	/**
	 * The call's settings entry is switched off ({@code backoff.settings.<name>.enabled:
	 * false}, or at run time through the actuator): each call is made once.
	 */
	DISABLED;

	private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

	/**
	 * Returns the kebab-case name used in tags and logs, e.g. {@code max-tries}.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
