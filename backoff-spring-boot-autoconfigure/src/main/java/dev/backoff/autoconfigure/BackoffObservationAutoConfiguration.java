package dev.backoff.autoconfigure;

import dev.backoff.micrometer.BackoffObservationConvention;
import dev.backoff.micrometer.ObservationRetryListener;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Traces retried calls as {@code backoff.retry} observations when an
 * {@link ObservationRegistry} is present (Spring Boot's observation auto-configuration,
 * with Micrometer Tracing for spans). A {@link BackoffObservationConvention} bean
 * replaces the default names and keys.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = BackoffAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class BackoffObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationRetryListener backoffObservationRetryListener(ObservationRegistry registry,
			ObjectProvider<BackoffObservationConvention> convention) {
		return new ObservationRetryListener(registry, convention.getIfAvailable());
	}

}
