package dev.backoff.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import dev.backoff.core.BudgetSettings;
import dev.backoff.core.RetryBudget;
import dev.backoff.core.RetryBudgetStore;
import dev.backoff.core.Scheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link RetryBudgetStore} whose buckets live in Redis, one key per bucket under a prefix,
 * so every instance that uses the same Redis and prefix retries within one budget.
 * <p>
 * A retry decision is one atomic round trip (a Lua script that creates the bucket full if
 * missing and takes the cost if enough tokens are left). Refunds are summed locally and
 * flushed by one script call at most every 100 ms, so a success
 * never waits on Redis. When Redis cannot be reached, each bucket's local twin
 * ({@link RetryBudgetStore#local()}) decides, a warning is logged once, and Redis is tried
 * again after {@link #RETRY_AFTER}; no call ever fails because of the store.
 *
 * @since 0.1.0
 */
public final class RedisRetryBudgetStore implements RetryBudgetStore, AutoCloseable {

	/** How long refunds are summed before they are written. */
	static final long FLUSH_DELAY_MILLIS = 100;

	/** How long the local buckets decide after Redis failed, before Redis is tried again. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(RedisRetryBudgetStore.class);

	/** KEYS[1] the bucket; ARGV capacity, cost. Returns the tokens left, or -1 if too few. */
	static final RedisScript<Long> ACQUIRE = new DefaultRedisScript<>("""
			local capacity = tonumber(ARGV[1])
			local cost = tonumber(ARGV[2])
			local tokens = tonumber(redis.call('GET', KEYS[1]))
			if tokens == nil then
			  tokens = capacity
			  redis.call('SET', KEYS[1], tokens)
			end
			if tokens < cost then
			  return -1
			end
			tokens = tokens - cost
			redis.call('SET', KEYS[1], tokens)
			return tokens
			""", Long.class);

	/** KEYS[1] the bucket; ARGV capacity, refund. Returns the tokens left. */
	static final RedisScript<Long> RELEASE = new DefaultRedisScript<>("""
			local capacity = tonumber(ARGV[1])
			local tokens = tonumber(redis.call('GET', KEYS[1]))
			if tokens == nil then
			  tokens = capacity
			end
			tokens = math.min(capacity, tokens + tonumber(ARGV[2]))
			redis.call('SET', KEYS[1], tokens)
			return tokens
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Scheduler flushTimer;

	private final LongSupplier nanoTime;

	private final RetryBudgetStore local = RetryBudgetStore.local();

	private final Map<String, RedisBucket> buckets = new ConcurrentHashMap<>();

	private final AtomicBoolean flushPending = new AtomicBoolean();

	/** Whether Redis failed and has not answered since; guards the one warning. */
	private final AtomicBoolean down = new AtomicBoolean();

	/** When Redis may be tried again, in {@link #nanoTime} units; meaningful while down. */
	private volatile long retryAt;

	private volatile boolean closed;

	/**
	 * Creates a store.
	 * @param redis the template to run the scripts with
	 * @param keyPrefix the prefix of the buckets' keys
	 * @param flushTimer what times the flushes of refunds
	 * @param nanoTime the monotonic time, in nanoseconds, that times the retries of Redis
	 */
	public RedisRetryBudgetStore(StringRedisTemplate redis, String keyPrefix, Scheduler flushTimer,
			LongSupplier nanoTime) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.flushTimer = flushTimer;
		this.nanoTime = nanoTime;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Asked again with another capacity (the settings changed at run time), it writes the old
	 * bucket's summed refunds and returns a bucket of the new capacity on the same Redis key:
	 * the tokens the fleet shares are kept, and the new capacity bounds them from the next
	 * refund on.
	 */
	@Override
	public RetryBudget budget(String key, BudgetSettings settings) {
		return this.buckets.compute(key, (name, existing) -> {
			if (existing != null && existing.capacity() == settings.capacity()) {
				return existing;
			}
			if (existing != null) {
				existing.flush();
			}
			return new RedisBucket(this.keyPrefix + name, settings.capacity(), this.local.budget(name, settings));
		});
	}

	/**
	 * Writes the refunds summed so far, one script call per bucket that has some.
	 */
	public void flush() {
		this.flushPending.set(false);
		for (RedisBucket bucket : this.buckets.values()) {
			bucket.flush();
		}
	}

	/** Writes the refunds still summed; later refunds go to the local buckets only. */
	@Override
	public void close() {
		this.closed = true;
		flush();
		if (this.flushTimer instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.debug("Closing the retry budgets' flush timer failed", ex);
			}
		}
	}

	private void scheduleFlush() {
		if (!this.closed && this.flushPending.compareAndSet(false, true)) {
			try {
				this.flushTimer.schedule(this::flush, Duration.ofMillis(FLUSH_DELAY_MILLIS));
			}
			catch (RuntimeException ex) {
				this.flushPending.set(false);
				logger.debug("Could not schedule the flush of retry budget refunds", ex);
			}
		}
	}

	/** Whether Redis is to be asked: it has not failed, or its back-off has passed. */
	private boolean usable() {
		return !this.down.get() || this.nanoTime.getAsLong() - this.retryAt >= 0;
	}

	private @Nullable Long run(RedisScript<Long> script, String key, int capacity, long amount) {
		try {
			Long result = this.redis.execute(script, List.of(key), Integer.toString(capacity), Long.toString(amount));
			if (this.down.compareAndSet(true, false)) {
				logger.info("Redis answers again: retry budgets are shared through it again");
			}
			return result;
		}
		catch (RuntimeException ex) {
			this.retryAt = this.nanoTime.getAsLong() + RETRY_AFTER.toNanos();
			if (this.down.compareAndSet(false, true)) {
				logger.warn("Redis cannot be reached ({}): each instance's local retry budgets decide until it answers "
						+ "again (tried every {} s)", ex.toString(), RETRY_AFTER.toSeconds());
			}
			return null;
		}
	}

	/** One bucket: a Redis key, and the local bucket that decides while Redis is down. */
	private final class RedisBucket implements RetryBudget {

		private final String key;

		private final int capacity;

		private final RetryBudget local;

		private final LongAdder refunds = new LongAdder();

		private volatile int lastKnown;

		RedisBucket(String key, int capacity, RetryBudget local) {
			this.key = key;
			this.capacity = capacity;
			this.local = local;
			this.lastKnown = capacity;
		}

		@Override
		public boolean tryAcquire(int tokens) {
			if (tokens == 0) {
				return true;
			}
			if (usable()) {
				Long left = run(ACQUIRE, this.key, this.capacity, tokens);
				if (left != null) {
					if (left < 0) {
						this.lastKnown = Math.min(this.lastKnown, tokens - 1);
						return false;
					}
					this.lastKnown = left.intValue();
					return true;
				}
			}
			boolean taken = this.local.tryAcquire(tokens);
			this.lastKnown = this.local.available();
			return taken;
		}

		@Override
		public void release(int tokens) {
			if (tokens == 0) {
				return;
			}
			if (RedisRetryBudgetStore.this.closed || !usable()) {
				this.local.release(tokens);
				this.lastKnown = this.local.available();
				return;
			}
			this.refunds.add(tokens);
			scheduleFlush();
		}

		void flush() {
			long sum = this.refunds.sumThenReset();
			if (sum == 0) {
				return;
			}
			Long left = usable() ? run(RELEASE, this.key, this.capacity, sum) : null;
			if (left != null) {
				this.lastKnown = left.intValue();
			}
			else {
				this.local.release((int) Math.min(sum, this.capacity));
				this.lastKnown = this.local.available();
			}
		}

		@Override
		public int available() {
			return this.lastKnown;
		}

		@Override
		public int capacity() {
			return this.capacity;
		}

		@Override
		public String toString() {
			return "RedisRetryBudget[" + this.key + ", " + this.lastKnown + "/" + this.capacity + "]";
		}

	}

}
