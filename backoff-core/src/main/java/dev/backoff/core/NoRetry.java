package dev.backoff.core;

import java.util.concurrent.Callable;

/**
 * A scope in which retrying is off for the current thread (harborapi's
 * {@code no_retry()}): every retrier calls once and reports a failure at once, with
 * reason {@link GiveUpReason#NO_RETRY}. Scopes nest.
 *
 * <pre class="code">
 * try (NoRetry scope = NoRetry.open()) {
 *     client.fetch();
 * }
 * String value = NoRetry.call(() -&gt; client.fetch());
 * </pre>
 *
 * <p>
 * An asynchronous call decides at the moment it is made, on the calling thread.
 *
 * @since 0.1.0
 */
public final class NoRetry implements AutoCloseable {

	private final Thread owner;

	private boolean closed;

	private NoRetry() {
		this.owner = Thread.currentThread();
		RetryScope.openNoRetry();
	}

	/**
	 * Opens a scope on the current thread; close it on the same thread.
	 * @return the scope
	 */
	public static NoRetry open() {
		return new NoRetry();
	}

	/**
	 * Runs {@code action} with retrying off.
	 * @param action the action
	 */
	@SuppressWarnings("try") // the scope is opened for its effect
	public static void run(Runnable action) {
		try (NoRetry scope = open()) {
			action.run();
		}
	}

	/**
	 * Calls {@code callable} with retrying off.
	 * @param <T> the result type
	 * @param callable the call
	 * @return its result
	 * @throws Exception what the call throws
	 */
	@SuppressWarnings("try") // the scope is opened for its effect
	public static <T> T call(Callable<T> callable) throws Exception {
		try (NoRetry scope = open()) {
			return callable.call();
		}
	}

	/**
	 * Whether a scope is open on the current thread.
	 * @return {@code true} inside a scope
	 */
	public static boolean isActive() {
		return RetryScope.isNoRetry();
	}

	/**
	 * Closes the scope; closing twice has no further effect.
	 * @throws IllegalStateException if called from another thread than the one that
	 * opened it
	 */
	@Override
	public void close() {
		if (Thread.currentThread() != this.owner) {
			throw new IllegalStateException("A NoRetry scope must be closed on the thread that opened it");
		}
		if (!this.closed) {
			this.closed = true;
			RetryScope.closeNoRetry();
		}
	}

}
