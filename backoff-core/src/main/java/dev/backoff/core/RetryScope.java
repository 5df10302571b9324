package dev.backoff.core;

/**
 * What the current thread is inside of, in one thread-local read: {@link NoRetry} scopes,
 * and retrying calls whose tries are running (so that a retrier inside another one's try
 * makes one try only).
 */
final class RetryScope {

	private static final ThreadLocal<int[]> DEPTHS = ThreadLocal.withInitial(() -> new int[2]);

	private static final int NO_RETRY = 0;

	private static final int RETRYING = 1;

	private RetryScope() {
	}

	/** The current thread's depths: index 0 the open NoRetry scopes, 1 the retrying calls. */
	static int[] current() {
		return DEPTHS.get();
	}

	static boolean isNoRetry() {
		return isNoRetry(current());
	}

	/** Whether {@code depths}, the current thread's, show an open {@link NoRetry} scope. */
	static boolean isNoRetry(int[] depths) {
		return depths[NO_RETRY] > 0;
	}

	static boolean isRetrying() {
		return current()[RETRYING] > 0;
	}

	static void openNoRetry() {
		current()[NO_RETRY]++;
	}

	static void closeNoRetry() {
		current()[NO_RETRY]--;
	}

	/**
	 * Marks the thread as running a retrying call's tries.
	 * @return the depths, to pass to {@link #exit}; whether the call is nested is
	 * {@code depths[1] > 1}
	 */
	static int[] enter() {
		int[] depths = current();
		depths[RETRYING]++;
		return depths;
	}

	static void exit(int[] depths) {
		depths[RETRYING]--;
	}

	static boolean isNested(int[] depths) {
		return depths[RETRYING] > 1;
	}

}
