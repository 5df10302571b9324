package dev.backoff.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A token bucket that rations the retries of one settings entry (the AWS SDKs' retry
 * quota): a retry takes tokens and is not made when too few are left; a success puts a
 * few back, up to the capacity. The first try of a call never needs a token.
 * <p>
 * Implementations are thread-safe. The engine asks once per retry decision and calls
 * {@link #release} once per success; nothing here may throw: a bucket whose store cannot
 * be reached decides locally instead. A blocking call asks with {@link #tryAcquire}, on
 * its own thread; a call that must not block its thread (a {@code CompletionStage}, a
 * {@code Mono}/{@code Flux}, the {@code WebClient} filter, whose tries end on completion
 * or event-loop threads) asks with {@link #tryAcquireAsync}, and the decision follows the
 * answer. A bucket that answers over the network implements both: the blocking round
 * trip, and the same round trip answered asynchronously. {@link #release} never waits on
 * a store.
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
	 * Takes {@code tokens} if at least that many are left, without blocking the calling
	 * thread: a bucket kept in a shared store completes the stage when the store answers,
	 * on the thread that receives the answer. The default answers at once with
	 * {@link #tryAcquire}, right for a bucket that never waits (the in-memory one).
	 * @param tokens the cost of one retry, not negative; zero always succeeds
	 * @return a stage completed with {@code true} if the tokens were taken and the retry
	 * may be made; it never completes exceptionally (a stage that does counts as a
	 * refusal)
	 * @since 0.1.0
	 */
	default CompletionStage<Boolean> tryAcquireAsync(int tokens) {
		return CompletableFuture.completedStage(tryAcquire(tokens));
	}

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
