package dev.backoff.autoconfigure;

import dev.backoff.actuate.BackoffEndpoint;
import dev.backoff.core.RetryRegistry;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Exposes the {@code backoff} actuator endpoint when actuator is present and the endpoint is
 * available (enabled and exposed).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = BackoffAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(BackoffEndpoint.class)
public final class BackoffEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetryRegistry.class)
	BackoffEndpoint backoffEndpoint(RetryRegistry registry) {
		return new BackoffEndpoint(registry);
	}

}
