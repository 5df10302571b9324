package dev.backoff.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.ClassUtils;

/**
 * A {@link RetryBudgetStore} whose buckets live in Redis, one key per bucket under a
 * prefix, so every instance that uses the same Redis and prefix retries within one
 * budget.
 * <p>
 * A retry decision is one atomic round trip (a Lua script that creates the bucket full if
 * missing and takes the cost if enough tokens are left). Refunds are summed locally and
 * flushed by one script call at most every 100 ms, so a success never waits on Redis.
 * When Redis cannot be reached, each bucket's local twin
 * ({@link RetryBudgetStore#local()}) decides, a warning is logged once, and Redis is
 * tried again after {@link #RETRY_AFTER}; no call ever fails because of the store.
 * <p>
 * A blocking call's decision ({@link RetryBudget#tryAcquire}) waits for the round trip on
 * the calling thread. A non-blocking call's ({@link RetryBudget#tryAcquireAsync}: the
 * {@code CompletionStage}, {@code Mono}/{@code Flux} and {@code WebClient} forms) never
 * does: when the connection factory is reactive (Lettuce) and Reactor is present, the
 * same script runs through a reactive connection, one round trip whose answer continues
 * the decision on the Redis client's I/O thread. Until that connection has been made once
 * (the connection factory makes its first connection synchronously), and when the factory
 * is not reactive (Jedis), the blocking round trip runs on the store's own thread, the
 * one that writes refunds ({@code flushTimer}), instead of the caller's.
 *
 * @since 0.1.0
 */
public final class RedisRetryBudgetStore implements RetryBudgetStore, AutoCloseable {

	/** How long refunds are summed before they are written. */
	static final long FLUSH_DELAY_MILLIS = 100;

	/**
	 * How long the local buckets decide after Redis failed, before Redis is tried again.
	 */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(RedisRetryBudgetStore.class);

	/**
	 * KEYS[1] the bucket; ARGV capacity, cost. Returns the tokens left, or -1 if too few.
	 */
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

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Flux",
			RedisRetryBudgetStore.class.getClassLoader());

	private static final CompletionStage<Boolean> TAKEN = CompletableFuture.completedStage(Boolean.TRUE);

	private final StringRedisTemplate redis;

	/**
	 * Runs the scripts without blocking, when the connection factory can; else
	 * {@code null}.
	 */
	private final @Nullable ReactiveScripts reactive;

	/** Whether the reactive connection has been made, off the callers' threads. */
	private volatile boolean reactiveConnected;

	private final String keyPrefix;

	private final Scheduler flushTimer;

	private final LongSupplier nanoTime;

	private final RetryBudgetStore local = RetryBudgetStore.local();

	private final Map<String, RedisBucket> buckets = new ConcurrentHashMap<>();

	private final AtomicBoolean flushPending = new AtomicBoolean();

	/** Whether Redis failed and has not answered since; guards the one warning. */
	private final AtomicBoolean down = new AtomicBoolean();

	/**
	 * When Redis may be tried again, in {@link #nanoTime} units; meaningful while down.
	 */
	private volatile long retryAt;

	private volatile boolean closed;

	/**
	 * Creates a store.
	 * @param redis the template to run the scripts with
	 * @param keyPrefix the prefix of the buckets' keys
	 * @param flushTimer what times the flushes of refunds, and runs the round trips that
	 * a non-blocking caller must not wait for while no reactive connection is at hand
	 * @param nanoTime the monotonic time, in nanoseconds, that times the retries of Redis
	 */
	public RedisRetryBudgetStore(StringRedisTemplate redis, String keyPrefix, Scheduler flushTimer,
			LongSupplier nanoTime) {
		this.redis = redis;
		Object connections = redis.getConnectionFactory();
		this.reactive = (REACTOR_PRESENT && connections instanceof ReactiveRedisConnectionFactory factory)
				? new ReactiveScripts(factory) : null;
		this.keyPrefix = keyPrefix;
		this.flushTimer = flushTimer;
		this.nanoTime = nanoTime;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Asked again with another capacity (the settings changed at run time), it writes the
	 * old bucket's summed refunds and returns a bucket of the new capacity on the same
	 * Redis key: the tokens the fleet shares are kept, and the new capacity bounds them
	 * from the next refund on.
	 */
	@Override
	public RetryBudget budget(String key, BudgetSettings settings) {
		RedisBucket existing = this.buckets.get(key);
		if (existing != null && existing.capacity() == settings.capacity()) {
			return existing;
		}
		RedisBucket bucket = this.buckets.compute(key, (name, current) -> {
			if (current != null && current.capacity() == settings.capacity()) {
				return current;
			}
			RedisBucket created = new RedisBucket(this.keyPrefix + name, settings.capacity(),
					this.local.budget(name, settings));
			if (current != null) {
				current.succeededBy(created);
			}
			return created;
		});
		if (existing != null && existing != bucket) {
			// outside the map's lock: a round trip to Redis
			existing.flush();
		}
		return bucket;
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
			answered();
			return result;
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			return null;
		}
	}

	private void answered() {
		if (this.down.compareAndSet(true, false)) {
			logger.info("Redis answers again: retry budgets are shared through it again");
		}
	}

	private void unreachable(Throwable ex) {
		this.retryAt = this.nanoTime.getAsLong() + RETRY_AFTER.toNanos();
		if (this.down.compareAndSet(false, true)) {
			logger.warn("Redis cannot be reached ({}): each instance's local retry budgets decide until it answers "
					+ "again (tried every {} s)", ex.toString(), RETRY_AFTER.toSeconds());
		}
	}

	/**
	 * The scripts run through the connection factory's reactive connections; loaded only
	 * when Reactor is present.
	 */
	private static final class ReactiveScripts {

		private final ReactiveStringRedisTemplate template;

		ReactiveScripts(ReactiveRedisConnectionFactory connections) {
			this.template = new ReactiveStringRedisTemplate(connections);
		}

		/**
		 * Runs {@code script} as {@link RedisRetryBudgetStore#run} does, answered
		 * asynchronously.
		 */
		CompletableFuture<@Nullable Long> run(RedisScript<Long> script, String key, int capacity, long amount) {
			return this.template
				.execute(script, List.of(key), List.of(Integer.toString(capacity), Long.toString(amount)))
				.next()
				.toFuture();
		}

	}

	/** One bucket: a Redis key, and the local bucket that decides while Redis is down. */
	private final class RedisBucket implements RetryBudget {

		private final String key;

		private final int capacity;

		private final RetryBudget local;

		private final LongAdder refunds = new LongAdder();

		private volatile int lastKnown;

		/**
		 * The bucket that replaced this one when the capacity changed: retriers still
		 * holding this one hand their refunds on, so none is lost once this one is no
		 * longer flushed.
		 */
		private volatile @Nullable RedisBucket successor;

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
					return taken(left, tokens);
				}
			}
			return decideLocally(tokens);
		}

		/**
		 * Asks Redis without blocking the calling thread: through the reactive connection
		 * when it is at hand, else on the store's own thread; the local bucket decides,
		 * at once, while Redis is down.
		 */
		@Override
		public CompletionStage<Boolean> tryAcquireAsync(int tokens) {
			if (tokens == 0) {
				return TAKEN;
			}
			if (!usable()) {
				return CompletableFuture.completedStage(decideLocally(tokens));
			}
			ReactiveScripts reactive = RedisRetryBudgetStore.this.reactive;
			if (reactive == null || !RedisRetryBudgetStore.this.reactiveConnected) {
				return onStoreThread(tokens);
			}
			return askReactively(reactive, tokens);
		}

		private CompletableFuture<Boolean> askReactively(ReactiveScripts reactive, int tokens) {
			CompletableFuture<@Nullable Long> left;
			try {
				left = reactive.run(ACQUIRE, this.key, this.capacity, tokens);
			}
			catch (RuntimeException ex) {
				left = CompletableFuture.failedFuture(ex);
			}
			return left.handle((answer, failure) -> {
				if (failure != null || answer == null) {
					unreachable((failure != null) ? failure : new IllegalStateException("No answer from Redis"));
					return decideLocally(tokens);
				}
				answered();
				RedisRetryBudgetStore.this.reactiveConnected = true;
				return taken(answer, tokens);
			});
		}

		/**
		 * Asks Redis on the store's own thread, waiting there: while the reactive
		 * connection has not been made (its factory makes the first one synchronously),
		 * and without one.
		 */
		private CompletionStage<Boolean> onStoreThread(int tokens) {
			ReactiveScripts reactive = RedisRetryBudgetStore.this.reactive;
			CompletableFuture<Boolean> answer = new CompletableFuture<>();
			try {
				RedisRetryBudgetStore.this.flushTimer.schedule(() -> {
					try {
						answer
							.complete((reactive != null) ? askReactively(reactive, tokens).join() : tryAcquire(tokens));
					}
					catch (RuntimeException | Error ex) {
						answer.complete(decideLocally(tokens));
						throw ex;
					}
				}, Duration.ZERO);
			}
			catch (RuntimeException ex) {
				return CompletableFuture.completedStage(decideLocally(tokens));
			}
			return answer;
		}

		/**
		 * Redis's answer: the tokens left after taking the cost, or -1 if too few were
		 * left.
		 */
		private boolean taken(long left, int tokens) {
			if (left < 0) {
				this.lastKnown = Math.min(this.lastKnown, tokens - 1);
				return false;
			}
			this.lastKnown = (int) left;
			return true;
		}

		private boolean decideLocally(int tokens) {
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
			RedisBucket successor = this.successor;
			if (successor != null) {
				successor.release(tokens);
				return;
			}
			this.refunds.add(tokens);
			if (this.successor != null) {
				// replaced meanwhile, perhaps after its last flush: write this refund now
				flush();
				return;
			}
			scheduleFlush();
		}

		void succeededBy(RedisBucket successor) {
			this.successor = successor;
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
