package dev.backoff.redis;

import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffRedisBudgetAutoConfiguration;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryBudgetStore;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code backoff.budget.store=redis} in application contexts sharing a real Redis server.
 */
class RedisBudgetAutoConfigurationTests {

	@RegisterExtension
	static final EmbeddedRedis redis = new EmbeddedRedis();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, BackoffAutoConfiguration.class,
				BackoffRedisBudgetAutoConfiguration.class))
		.withBean(FakeTime.class);

	@Test
	void theStoreIsLocalUnlessRedisIsChosen() {
		this.runner.withPropertyValues(redis.springProperties())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RetryBudgetStore.class));
	}

	@Test
	void twoReplicasSharingOneRedisShareOneBudget() {
		ApplicationContextRunner replica = this.runner.withPropertyValues(redis.springProperties())
			.withPropertyValues("backoff.budget.store=redis", "backoff.budget.redis.key-prefix=replicas:",
					"backoff.settings.fleet.budget.enabled=true", "backoff.settings.fleet.budget.capacity=50",
					"backoff.settings.fleet.budget.retry-cost=5", "backoff.settings.fleet.max-tries=11");
		AtomicInteger triesA = new AtomicInteger();
		AtomicInteger triesB = new AtomicInteger();
		replica.run((a) -> replica.run((b) -> {
			assertThat(a.getBean(RetryBudgetStore.class)).isInstanceOf(RedisRetryBudgetStore.class);
			Retrier fleetA = a.getBean(RetryRegistry.class).retrier("fleet");
			Retrier fleetB = b.getBean(RetryRegistry.class).retrier("fleet");
			for (int i = 0; i < 20; i++) {
				failingCall(fleetA, triesA);
			}
			assertThat(triesA).as("20 first tries and the 50 / 5 = 10 retries the bucket holds").hasValue(30);
			for (int i = 0; i < 20; i++) {
				failingCall(fleetB, triesB);
			}
			assertThat(triesB).as("replica B finds the shared bucket empty: first tries only").hasValue(20);
			assertThat(triesA.get() + triesB.get()).isEqualTo(40 + 10);
			assertThat(a.getBean(RetryRegistry.class).budget("fleet").available()).isZero();
			assertThat(b.getBean(RetryRegistry.class).budget("fleet").available())
				.as("B was refused: fewer tokens than a retry costs")
				.isLessThan(5);
			assertThat(new org.springframework.data.redis.core.StringRedisTemplate(
					a.getBean(org.springframework.data.redis.connection.RedisConnectionFactory.class))
				.opsForValue()
				.get("replicas:fleet")).isEqualTo("0");
		}));
	}

	@Test
	void aUserStoreReplacesTheRedisOne() {
		RetryBudgetStore own = RetryBudgetStore.local();
		this.runner.withPropertyValues(redis.springProperties())
			.withPropertyValues("backoff.budget.store=redis")
			.withBean(RetryBudgetStore.class, () -> own)
			.run((context) -> assertThat(context.getBean(RetryBudgetStore.class)).isSameAs(own));
	}

	@Test
	void choosingRedisWithoutSpringDataRedisStopsStartUpSayingWhatToAdd() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffRedisBudgetAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("backoff.budget.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidBackoffConfigurationException.class)
					.hasMessage("Invalid retry configuration:\n"
							+ "- backoff.budget.store is 'redis' but Spring Data Redis is not on the classpath");
				InvalidBackoffConfigurationException failure = (InvalidBackoffConfigurationException) context
					.getStartupFailure()
					.getCause()
					.getCause();
				assertThat(failure.getProblems()).singleElement()
					.satisfies(
							(problem) -> assertThat(problem.action()).startsWith("Add spring-boot-starter-data-redis"));
			});
	}

	@Test
	void choosingRedisWithoutAConnectionFactoryStopsStartUp() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffRedisBudgetAutoConfiguration.class))
			.withPropertyValues("backoff.budget.store=redis")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("backoff.budget.store is 'redis' but the application has no single "
						+ "RedisConnectionFactory bean"));
	}

	private static void failingCall(Retrier retrier, AtomicInteger tries) {
		assertThatIllegalStateException().isThrownBy(() -> retrier.call(() -> {
			tries.incrementAndGet();
			throw new IllegalStateException("down");
		}));
	}

}
