package dev.backoff.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The in-memory {@link RetryBudget}: one atomic integer, held in a field of its own. A
 * refund to a full bucket costs a single volatile read.
 */
final class LocalRetryBudget implements RetryBudget {

	private static final AtomicIntegerFieldUpdater<LocalRetryBudget> TOKENS = AtomicIntegerFieldUpdater
		.newUpdater(LocalRetryBudget.class, "tokens");

	private static final CompletionStage<Boolean> TAKEN = CompletableFuture.completedStage(Boolean.TRUE);

	private static final CompletionStage<Boolean> REFUSED = CompletableFuture.completedStage(Boolean.FALSE);

	private final int capacity;

	private volatile int tokens;

	LocalRetryBudget(String key, BudgetSettings settings) {
		this.capacity = settings.capacity();
		this.tokens = this.capacity;
	}

	@Override
	public boolean tryAcquire(int cost) {
		while (true) {
			int left = this.tokens;
			if (left < cost) {
				return false;
			}
			if (TOKENS.compareAndSet(this, left, left - cost)) {
				return true;
			}
		}
	}

	/** Answers at once, without allocating: the bucket never waits. */
	@Override
	public CompletionStage<Boolean> tryAcquireAsync(int cost) {
		return tryAcquire(cost) ? TAKEN : REFUSED;
	}

	@Override
	public void release(int refund) {
		if (refund == 0) {
			return;
		}
		while (true) {
			int left = this.tokens;
			if (left >= this.capacity || TOKENS.compareAndSet(this, left, Math.min(this.capacity, left + refund))) {
				return;
			}
		}
	}

	@Override
	public int available() {
		return this.tokens;
	}

	@Override
	public int capacity() {
		return this.capacity;
	}

	@Override
	public String toString() {
		return "LocalRetryBudget[" + this.tokens + "/" + this.capacity + "]";
	}

}
