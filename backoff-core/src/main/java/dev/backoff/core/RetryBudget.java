package dev.backoff.core;

/**
 * A token bucket that rations the retries of one settings entry (the AWS SDKs' retry quota):
 * a retry takes tokens and is not made when too few are left; a success puts a few back, up
 * to the capacity. The first try of a call never needs a token.
 * <p>
 * Implementations are thread-safe. The engine calls {@link #tryAcquire} once per retry
 * decision and {@link #release} once per success; neither may block for long, and neither
 * may throw: a bucket whose store cannot be reached decides locally instead.
 *
 * @since 0.1.0
 */
public interface RetryBudget {

	/**
	 * Takes {@code tokens} if at least that many are left.
	 * @param tokens the cost of one retry, not negative; zero always succeeds
	 * @return {@code true} if the tokens were taken and the retry may be made
	 */
	boolean tryAcquire(int tokens);

	/**
	 * Puts {@code tokens} back, never above the capacity.
	 * @param tokens the refund of one success, not negative
	 */
	void release(int tokens);

	/**
	 * Returns the tokens left, as last known (a shared store may have changed since).
	 * @return the tokens left, from 0 to the capacity
	 */
	int available();

	/**
	 * Returns the most tokens the bucket holds.
	 * @return the capacity
	 */
	int capacity();

}
