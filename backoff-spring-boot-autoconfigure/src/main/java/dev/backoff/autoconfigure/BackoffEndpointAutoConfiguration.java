package dev.backoff.autoconfigure;

import dev.backoff.actuate.BackoffEndpoint;
import dev.backoff.actuate.BackoffEventsEndpoint;
import dev.backoff.actuate.RecentRetryEvents;
import dev.backoff.core.RetryRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Exposes the {@code backoff} and {@code backoffevents} actuator endpoints when actuator
 * is present and each endpoint is available (enabled and exposed); the recent events are
 * kept only for an available {@code backoffevents} and {@code backoff.events.capacity}
 * above 0.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = BackoffAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
public final class BackoffEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetryRegistry.class)
	@ConditionalOnAvailableEndpoint(BackoffEndpoint.class)
	BackoffEndpoint backoffEndpoint(RetryRegistry registry, ObjectProvider<BackoffSettingsRebinder> rebinder) {
		return new BackoffEndpoint(registry, rebinder.getIfAvailable());
	}

	/**
	 * The recent events, kept only when their endpoint is available and the ring has
	 * room.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(BackoffEventsEndpoint.class)
	@ConditionalOnExpression("${backoff.events.capacity:100} > 0")
	static class RecentEventsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RecentRetryEvents backoffRecentRetryEvents(BackoffProperties properties) {
			return new RecentRetryEvents(properties.getEvents().getCapacity());
		}

		@Bean
		@ConditionalOnMissingBean
		BackoffEventsEndpoint backoffEventsEndpoint(RecentRetryEvents events) {
			return new BackoffEventsEndpoint(events);
		}

	}

}
