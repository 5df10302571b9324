package dev.backoff.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.backoff.core.BudgetSettings;
import dev.backoff.core.RetryBudget;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store against a real Redis server.
 */
class RedisRetryBudgetStoreTests {

	@RegisterExtension
	static final EmbeddedRedis redis = new EmbeddedRedis();

	private static final BudgetSettings TEN = new BudgetSettings(true, 10, 5, 1, 0);

	private LettuceConnectionFactory connections;

	private StringRedisTemplate template;

	private final FakeTime time = FakeTime.manual();

	private RedisRetryBudgetStore store;

	@BeforeEach
	void connect() {
		this.connections = redis.connectionFactory();
		this.template = new StringRedisTemplate(this.connections);
		this.template.getConnectionFactory().getConnection().serverCommands().flushAll();
		this.store = new RedisRetryBudgetStore(this.template, "test:", this.time, this.time::nanoTime);
	}

	@AfterEach
	void disconnect() {
		this.store.close();
		this.connections.destroy();
	}

	@Test
	void aBucketIsCreatedFullAndARetryTakesItsCost() {
		RetryBudget bucket = this.store.budget("billing", TEN);
		assertThat(this.template.hasKey("test:billing")).isFalse();
		assertThat(bucket.available()).isEqualTo(10);
		assertThat(bucket.tryAcquire(5)).isTrue();
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("5");
		assertThat(bucket.available()).isEqualTo(5);
		assertThat(bucket.tryAcquire(5)).isTrue();
		assertThat(bucket.available()).isZero();
	}

	@Test
	void refundsToABucketReplacedByANewCapacityReachRedis() {
		RetryBudget old = this.store.budget("billing", TEN);
		assertThat(old.tryAcquire(5)).isTrue();
		RetryBudget resized = this.store.budget("billing", new BudgetSettings(true, 20, 5, 1, 0));
		assertThat(resized).isNotSameAs(old);
		old.release(3);
		this.store.flush();
		assertThat(this.template.opsForValue().get("test:billing")).as("the old bucket's refund is not lost")
			.isEqualTo("8");
	}

	@Test
	void aRetryIsRefusedWhenTooFewTokensAreLeftAndTakesNothing() {
		RetryBudget bucket = this.store.budget("billing", TEN);
		assertThat(bucket.tryAcquire(11)).isFalse();
		assertThat(this.template.opsForValue().get("test:billing")).as("created full, untouched").isEqualTo("10");
		assertThat(bucket.tryAcquire(7)).isTrue();
		assertThat(bucket.tryAcquire(5)).isFalse();
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("3");
		assertThat(bucket.tryAcquire(0)).as("a free retry never asks Redis").isTrue();
	}

	@Test
	void refundsAreSummedAndWrittenAtMostEvery100MsCappedAtTheCapacity() {
		RetryBudget bucket = this.store.budget("billing", TEN);
		assertThat(bucket.tryAcquire(5)).isTrue();
		assertThat(bucket.tryAcquire(5)).isTrue();
		for (int i = 0; i < 4; i++) {
			bucket.release(1);
		}
		assertThat(this.template.opsForValue().get("test:billing")).as("a success never waits on Redis").isEqualTo("0");
		assertThat(this.time.pending()).as("one flush for all four refunds").isEqualTo(1);
		this.time.advance(Duration.ofMillis(99));
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("0");
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("4");
		assertThat(bucket.available()).isEqualTo(4);
		for (int i = 0; i < 20; i++) {
			bucket.release(1);
		}
		this.time.advance(Duration.ofMillis(100));
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("10");
		assertThat(bucket.available()).isEqualTo(10);
	}

	@Test
	void aRefundToAMissingBucketCreatesItFull() {
		this.store.budget("billing", TEN).release(3);
		this.store.flush();
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("10");
	}

	@Test
	void bucketsOfTwoStoresWithTheSamePrefixAreOne() {
		RedisRetryBudgetStore other = new RedisRetryBudgetStore(this.template, "test:", this.time, this.time::nanoTime);
		RetryBudget mine = this.store.budget("billing", TEN);
		RetryBudget theirs = other.budget("billing", TEN);
		assertThat(mine.tryAcquire(5)).isTrue();
		assertThat(theirs.tryAcquire(5)).isTrue();
		assertThat(mine.tryAcquire(5)).isFalse();
		assertThat(this.store.budget("other", TEN).tryAcquire(5)).as("another entry, another key").isTrue();
		assertThat(new RedisRetryBudgetStore(this.template, "elsewhere:", this.time, this.time::nanoTime)
			.budget("billing", TEN)
			.tryAcquire(5)).as("another prefix, another budget").isTrue();
	}

	@Test
	void aNonBlockingDecisionRunsTheSameScriptAnsweredAsynchronously() throws Exception {
		RetryBudget bucket = this.store.budget("billing", TEN);
		CompletableFuture<Boolean> first = bucket.tryAcquireAsync(5).toCompletableFuture();
		assertThat(first).as("the first one waits for the store's own thread, which connects").isNotDone();
		this.time.advance(Duration.ZERO);
		assertThat(first).isCompletedWithValue(true);
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("5");
		assertThat(bucket.tryAcquireAsync(5).toCompletableFuture().get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.time.pending()).as("answered through the reactive connection").isZero();
		assertThat(bucket.tryAcquireAsync(5).toCompletableFuture().get(5, TimeUnit.SECONDS)).isFalse();
		assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("0");
		assertThat(bucket.available()).isZero();
		assertThat(bucket.tryAcquireAsync(0)).as("a free retry never asks Redis").isCompletedWithValue(true);
	}

	@Test
	void whenRedisIsDownTheLocalBucketAnswersANonBlockingDecisionAndAWarningIsLoggedOnce() throws Exception {
		ListAppender<ILoggingEvent> logged = captureStoreLog();
		try {
			RetryBudget bucket = this.store.budget("billing", new BudgetSettings(true, 100, 5, 1, 0));
			CompletableFuture<Boolean> connecting = bucket.tryAcquireAsync(60).toCompletableFuture();
			this.time.advance(Duration.ZERO);
			assertThat(connecting).isCompletedWithValue(true);
			redis.stop();
			assertThat(bucket.tryAcquireAsync(60).toCompletableFuture().get(10, TimeUnit.SECONDS))
				.as("the local bucket (full, 100) decides once the command times out")
				.isTrue();
			assertThat(bucket.available()).isEqualTo(40);
			assertThat(bucket.tryAcquireAsync(60)).as("at once while Redis is down").isCompletedWithValue(false);
			assertThat(logged.list).singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).startsWith("Redis cannot be reached ("));
		}
		finally {
			if (!redisActive()) {
				redis.start();
			}
			releaseStoreLog(logged);
		}
	}

	@Test
	void whenRedisIsDownTheLocalBucketDecidesAWarningIsLoggedOnceAndRedisIsUsedAgainWhenBack() throws Exception {
		ListAppender<ILoggingEvent> logged = captureStoreLog();
		try {
			RetryBudget bucket = this.store.budget("billing", new BudgetSettings(true, 100, 5, 1, 0));
			assertThat(bucket.tryAcquire(60)).isTrue();
			redis.stop();
			// the local bucket (full, 100) decides; no call fails
			assertThat(bucket.tryAcquire(60)).isTrue();
			assertThat(bucket.available()).isEqualTo(40);
			assertThat(bucket.tryAcquire(30)).isTrue();
			assertThat(bucket.tryAcquire(30)).isFalse();
			bucket.release(1);
			assertThat(bucket.available()).as("refunds go to the local bucket meanwhile").isEqualTo(11);
			this.time.advance(RedisRetryBudgetStore.RETRY_AFTER);
			assertThat(bucket.tryAcquire(5)).as("Redis tried again, still down: local").isTrue();
			assertThat(logged.list).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.WARN);
				assertThat(event.getFormattedMessage()).startsWith("Redis cannot be reached (")
					.contains("each instance's local retry budgets decide until it answers again");
			});
			redis.start();
			// Redis keeps its data only in memory here: the bucket is created full again
			boolean usedRedis = false;
			for (int i = 0; i < 60 && !usedRedis; i++) {
				this.time.advance(RedisRetryBudgetStore.RETRY_AFTER);
				bucket.tryAcquire(1);
				usedRedis = this.template.hasKey("test:billing");
			}
			assertThat(usedRedis).as("the store uses Redis again once it answers").isTrue();
			assertThat(this.template.opsForValue().get("test:billing")).isEqualTo("99");
			assertThat(logged.list).hasSize(2);
			assertThat(logged.list.get(1).getLevel()).isEqualTo(Level.INFO);
			assertThat(logged.list.get(1).getFormattedMessage()).startsWith("Redis answers again");
		}
		finally {
			if (!redisActive()) {
				redis.start();
			}
			releaseStoreLog(logged);
		}
	}

	private Level storeLevel;

	private Level lettuceLevel;

	/**
	 * Records the store's log at INFO (the tests' configuration silences it) and silences
	 * Lettuce's.
	 */
	private ListAppender<ILoggingEvent> captureStoreLog() {
		Logger logger = (Logger) LoggerFactory.getLogger(RedisRetryBudgetStore.class);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		logger.addAppender(logged);
		logger.setAdditive(false);
		this.storeLevel = logger.getLevel();
		logger.setLevel(Level.INFO);
		Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");
		this.lettuceLevel = lettuce.getLevel();
		lettuce.setLevel(Level.OFF);
		return logged;
	}

	private void releaseStoreLog(ListAppender<ILoggingEvent> logged) {
		Logger logger = (Logger) LoggerFactory.getLogger(RedisRetryBudgetStore.class);
		((Logger) LoggerFactory.getLogger("io.lettuce")).setLevel(this.lettuceLevel);
		logger.detachAppender(logged);
		logger.setAdditive(true);
		logger.setLevel(this.storeLevel);
	}

	@SuppressWarnings("try") // the socket is opened to see whether Redis accepts a
								// connection
	private static boolean redisActive() {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", redis.port)) {
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
