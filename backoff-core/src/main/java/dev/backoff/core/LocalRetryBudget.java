package dev.backoff.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory {@link RetryBudget}: one atomic integer. A refund to a full bucket costs a
 * single volatile read.
 */
final class LocalRetryBudget implements RetryBudget {

	private final int capacity;

	private final AtomicInteger tokens;

	LocalRetryBudget(String key, BudgetSettings settings) {
		this.capacity = settings.capacity();
		this.tokens = new AtomicInteger(this.capacity);
	}

	@Override
	public boolean tryAcquire(int cost) {
		while (true) {
			int left = this.tokens.get();
			if (left < cost) {
				return false;
			}
			if (this.tokens.compareAndSet(left, left - cost)) {
				return true;
			}
		}
	}

	@Override
	public void release(int refund) {
		if (refund == 0 || this.tokens.get() >= this.capacity) {
			return;
		}
		this.tokens.accumulateAndGet(refund, (left, add) -> Math.min(this.capacity, left + add));
	}

	@Override
	public int available() {
		return this.tokens.get();
	}

	@Override
	public int capacity() {
		return this.capacity;
	}

	@Override
	public String toString() {
		return "LocalRetryBudget[" + this.tokens.get() + "/" + this.capacity + "]";
	}

}
