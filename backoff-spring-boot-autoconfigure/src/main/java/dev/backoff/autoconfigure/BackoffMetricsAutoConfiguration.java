package dev.backoff.autoconfigure;

import dev.backoff.core.RetryRegistry;
import dev.backoff.micrometer.BudgetGauges;
import dev.backoff.micrometer.MicrometerRetryListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Counts retry events in Micrometer when a {@link MeterRegistry} is present and
 * {@code backoff.metrics.enabled} is not {@code false}. Runs after Spring Boot's metrics
 * auto-configuration; the registry itself is looked up on the first event.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = BackoffAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "backoff.metrics.enabled", matchIfMissing = true)
public final class BackoffMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerRetryListener backoffMicrometerRetryListener(ObjectProvider<MeterRegistry> registry) {
		return new MicrometerRetryListener(registry::getIfUnique);
	}

	/**
	 * The budget gauges, once every singleton (the retry and meter registries) exists.
	 */
	@Bean
	SmartInitializingSingleton backoffBudgetGauges(ObjectProvider<RetryRegistry> retries,
			ObjectProvider<MeterRegistry> meters) {
		return () -> retries.ifAvailable(
				(registry) -> meters.ifUnique((meterRegistry) -> BudgetGauges.register(registry, meterRegistry)));
	}

}
