package dev.backoff.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when retrying ends on a <em>result</em> (not an exception) and the caller cannot
 * be given that result: with raise-on-give-up, or when interrupted while waiting. A
 * failure that is an exception always reaches the caller as that original exception
 * instead.
 *
 * @since 0.1.0
 */
public class RetryGiveUpException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final GiveUpReason reason;

	private final transient @Nullable Object lastResult;

	/**
	 * Creates an exception.
	 * @param message the message
	 * @param reason why retrying ended
	 * @param lastResult the last result that asked for a retry
	 * @param cause the cause, if any
	 */
	public RetryGiveUpException(String message, GiveUpReason reason, @Nullable Object lastResult,
			@Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.lastResult = lastResult;
	}

	/**
	 * Returns why retrying ended.
	 * @return the reason
	 */
	public GiveUpReason getReason() {
		return this.reason;
	}

	/**
	 * Returns the last result, which the result predicate still wanted retried.
	 * @return the result
	 */
	public @Nullable Object getLastResult() {
		return this.lastResult;
	}

}
