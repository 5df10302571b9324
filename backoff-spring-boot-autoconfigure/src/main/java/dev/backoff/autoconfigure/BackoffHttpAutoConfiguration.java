package dev.backoff.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.Ticker;
import dev.backoff.http.HttpRetryPolicy;
import dev.backoff.http.RetryingClientHttpRequestInterceptor;
import dev.backoff.http.RetryingExchangeFilterFunction;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Provides the {@link RetryingClientHttpRequestInterceptor} and, with WebFlux present,
 * the {@link RetryingExchangeFilterFunction} (for users to add to their clients) and,
 * with {@code backoff.http.rest-client.enabled=true}, adds it to the auto-configured
 * {@code RestClient.Builder} and {@code RestTemplateBuilder}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = BackoffAutoConfiguration.class,
		beforeName = "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration")
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
public final class BackoffHttpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HttpRetryPolicy backoffHttpRetryPolicy(RetryRegistry registry, BackoffProperties properties, Ticker ticker) {
		BackoffProperties.Http http = checkedHttp(registry, properties);
		return new HttpRetryPolicy(registry, http.getSettings(), methods(http), ticker.wallClock());
	}

	@Bean
	@ConditionalOnMissingBean
	RetryingClientHttpRequestInterceptor backoffClientHttpRequestInterceptor(HttpRetryPolicy policy) {
		return new RetryingClientHttpRequestInterceptor(policy);
	}

	private static BackoffProperties.Http checkedHttp(RetryRegistry registry, BackoffProperties properties) {
		BackoffProperties.Http http = properties.getHttp();
		checkedEntry(registry, "backoff.http.settings", http.getSettings());
		return http;
	}

	private static String checkedEntry(RetryRegistry registry, String property, String entry) {
		if (!registry.contains(entry)) {
			throw new InvalidBackoffConfigurationException(List.of(new Problem(
					property + " names '" + entry + "', which does not exist (the entries are " + registry.names()
							+ ")",
					"Add backoff.settings." + entry + ".* to your configuration, or set " + property + " to one of "
							+ registry.names() + ".")));
		}
		return entry;
	}

	private static Set<HttpMethod> methods(BackoffProperties.Http http) {
		return http.getMethods()
			.stream()
			.map((name) -> HttpMethod.valueOf(name.trim().toUpperCase(Locale.ROOT)))
			.collect(Collectors.toSet());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ExchangeFilterFunction.class, Mono.class })
	static class WebClientFilter {

		@Bean
		@ConditionalOnMissingBean
		RetryingExchangeFilterFunction backoffExchangeFilterFunction(HttpRetryPolicy policy) {
			return new RetryingExchangeFilterFunction(policy);
		}

	}

	/**
	 * HTTP service clients ({@code @HttpExchange} interfaces imported in groups) get
	 * their {@code RestClient} from Spring Boot's group configurers, which apply every
	 * {@code RestClientCustomizer}, so {@code backoff.http.rest-client.enabled} reaches
	 * them too; {@code backoff.http.groups.<group>.settings} gives a group an entry of
	 * its own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	static class HttpServiceGroups {

		@Bean
		RetryingHttpServiceGroupConfigurer backoffHttpServiceGroupConfigurer(RetryRegistry registry,
				BackoffProperties properties, Ticker ticker, RetryingClientHttpRequestInterceptor interceptor) {
			BackoffProperties.Http http = properties.getHttp();
			Map<String, RetryingClientHttpRequestInterceptor> byGroup = new LinkedHashMap<>();
			http.getGroups().forEach((group, settings) -> {
				String entry = (settings.getSettings() != null) ? settings.getSettings().trim() : http.getSettings();
				checkedEntry(registry, "backoff.http.groups." + group + ".settings", entry);
				byGroup.put(group, new RetryingClientHttpRequestInterceptor(
						new HttpRetryPolicy(registry, entry, methods(http), ticker.wallClock())));
			});
			return new RetryingHttpServiceGroupConfigurer(interceptor, byGroup);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	@ConditionalOnBooleanProperty("backoff.http.rest-client.enabled")
	static class RestClientWiring {

		@Bean
		RestClientCustomizer backoffRestClientCustomizer(RetryingClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		@Bean
		RestTemplateCustomizer backoffRestTemplateCustomizer(RetryingClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

}
