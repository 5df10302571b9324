package dev.backoff.autoconfigure;

import java.util.Set;
import java.util.concurrent.Executor;

import dev.backoff.core.RetryBudgetStore;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.Scheduler;
import dev.backoff.core.Sleeper;
import dev.backoff.core.StatusCodeExtractor;
import dev.backoff.core.Ticker;
import dev.backoff.http.HttpStatusCodeExtractor;
import dev.backoff.interceptor.RetryableBeanPostProcessor;
import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configures retrying: a {@link RetryRegistry} with one validated entry per
 * {@code backoff.settings.<name>}, the time seams it needs, and the {@code @Retryable}
 * advice. Every bean here backs off when the application defines its own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@EnableConfigurationProperties(BackoffProperties.class)
public final class BackoffAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Sleeper backoffSleeper() {
		return Sleeper.system();
	}

	@Bean
	@ConditionalOnMissingBean
	Ticker backoffTicker() {
		return Ticker.system();
	}

	@Bean
	@ConditionalOnMissingBean
	Scheduler backoffScheduler(@Qualifier("applicationTaskExecutor") ObjectProvider<Executor> applicationTaskExecutor) {
		return new ExecutorScheduler(applicationTaskExecutor.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	BackoffSettingsRebinder backoffSettingsRebinder(Environment environment, ResourceLoader resourceLoader,
			ListableBeanFactory beanFactory) {
		return new BackoffSettingsRebinder(environment, resourceLoader.getClassLoader(), beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	RetryRegistry backoffRetryRegistry(BackoffProperties properties, Sleeper sleeper, Ticker ticker,
			Scheduler scheduler, ObjectProvider<RetryListener> listeners,
			ObjectProvider<StatusCodeExtractor> extractors, ObjectProvider<RetryRegistryCustomizer> customizers,
			ObjectProvider<RetryBudgetStore> budgetStore, BackoffSettingsRebinder rebinder,
			ListableBeanFactory beanFactory) {
		RetryRegistry.Builder builder = RetryRegistry.builder()
			.enabled(properties.isEnabled())
			.nestedRetries(properties.getNested() == BackoffProperties.Nested.ALLOW)
			.sleeper(sleeper)
			.ticker(ticker)
			.scheduler(scheduler)
			.executor((scheduler instanceof Executor executor) ? executor : Runnable::run);
		rebinder.configure(properties).forEach(builder::settings);
		Set<Object> handlers = NamedListeners.find(properties, beanFactory);
		listeners.orderedStream().filter((listener) -> !handlers.contains(listener)).forEach(builder::listener);
		extractors.orderedStream().forEach(builder::statusCodeExtractor);
		budgetStore.ifAvailable(builder::budgetStore);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		RetryRegistry registry = builder.build();
		rebinder.attach(registry);
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	static RetryableBeanPostProcessor retryableBeanPostProcessor(Environment environment) {
		RetryableBeanPostProcessor postProcessor = new RetryableBeanPostProcessor();
		postProcessor
			.setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true));
		postProcessor.setAdvisorOrder(environment.getProperty("backoff.aop.order", Integer.class));
		return postProcessor;
	}

	/**
	 * Applies a changed {@code backoff.*} after Spring Cloud's refresh
	 * ({@code /actuator/refresh}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
	static class RefreshConfiguration {

		@Bean
		BackoffEnvironmentChangeListener backoffEnvironmentChangeListener(
				ObjectProvider<BackoffSettingsRebinder> rebinder) {
			return new BackoffEnvironmentChangeListener(rebinder);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.context.ContextSnapshotFactory")
	static class ContextPropagationConfiguration {

		/**
		 * Carries what Micrometer's context registry knows (tracing's current
		 * observation, Spring Security's context, MDC once its accessor is registered)
		 * from the calling thread to the retries of asynchronous calls.
		 */
		@Bean
		@Order(0)
		RetryRegistryCustomizer backoffContextPropagation() {
			ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
			return (builder) -> builder.contextCapture((task) -> snapshots.captureAll().wrap(task));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.client.RestClientResponseException")
	static class HttpStatusConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		@ConditionalOnMissingBean(HttpStatusCodeExtractor.class)
		HttpStatusCodeExtractor backoffHttpStatusCodeExtractor(Ticker ticker) {
			return new HttpStatusCodeExtractor(ticker.wallClock());
		}

	}

}
