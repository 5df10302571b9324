package dev.backoff.autoconfigure;

import java.util.List;

import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import dev.backoff.core.RetryBudgetStore;
import dev.backoff.redis.RedisRetryBudgetStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Keeps the retry budgets in Redis when {@code backoff.budget.store=redis}: a
 * {@link RedisRetryBudgetStore} over the application's {@link RedisConnectionFactory},
 * which {@link BackoffAutoConfiguration} gives the {@code RetryRegistry}. Without Spring
 * Data Redis on the classpath, that setting stops start-up saying what to add.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = BackoffAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnProperty(name = "backoff.budget.store", havingValue = "redis")
public final class BackoffRedisBudgetAutoConfiguration {

	private static final String REDIS_TEMPLATE = "org.springframework.data.redis.core.StringRedisTemplate";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = REDIS_TEMPLATE)
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RetryBudgetStore backoffRedisBudgetStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
				BackoffProperties properties) {
			RedisConnectionFactory connections = connectionFactory.getIfUnique();
			if (connections == null) {
				throw new InvalidBackoffConfigurationException(List.of(new Problem(
						"backoff.budget.store is 'redis' but the application has no single RedisConnectionFactory bean",
						"Add spring-boot-starter-data-redis and set spring.data.redis.*, define one "
								+ "RedisConnectionFactory bean, or set backoff.budget.store to local.")));
			}
			return new RedisRetryBudgetStore(new StringRedisTemplate(connections),
					properties.getBudget().getRedis().getKeyPrefix(), new ExecutorScheduler(null), System::nanoTime);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(REDIS_TEMPLATE)
	static class MissingRedisConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RetryBudgetStore backoffRedisBudgetStore() {
			throw new InvalidBackoffConfigurationException(List.of(new Problem(
					"backoff.budget.store is 'redis' but Spring Data Redis is not on the classpath",
					"Add spring-boot-starter-data-redis (org.springframework.boot:spring-boot-starter-data-redis) to the "
							+ "application's dependencies, or set backoff.budget.store to local.")));
		}

	}

}
