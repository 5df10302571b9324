package dev.backoff.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.backoff.config.ClosestNames;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import dev.backoff.http.RetryingClientHttpRequestInterceptor;

import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Gives each HTTP service client group named under {@code backoff.http.groups} a retrying
 * interceptor of its own entry. Runs after Spring Boot's configurer that applies the
 * {@code RestClientCustomizer} beans (order 0), so a group that
 * {@code backoff.http.rest-client.enabled} already gave the shared interceptor gets its
 * own in that place instead, never both. A group name that no group has stops the
 * start-up.
 */
final class RetryingHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	/** After Spring Boot's {@code RestClientCustomizerHttpServiceGroupConfigurer} (0). */
	static final int ORDER = 10;

	private final RetryingClientHttpRequestInterceptor shared;

	private final Map<String, RetryingClientHttpRequestInterceptor> byGroup;

	RetryingHttpServiceGroupConfigurer(RetryingClientHttpRequestInterceptor shared,
			Map<String, RetryingClientHttpRequestInterceptor> byGroup) {
		this.shared = shared;
		this.byGroup = Map.copyOf(byGroup);
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		if (this.byGroup.isEmpty()) {
			return;
		}
		Set<String> names = new LinkedHashSet<>();
		groups.forEachGroup((group, client, proxyFactory) -> names.add(group.name()));
		checkNames(names);
		groups.forEachClient((group, client) -> {
			RetryingClientHttpRequestInterceptor own = this.byGroup.get(group.name());
			if (own != null) {
				client.requestInterceptors((interceptors) -> {
					int index = interceptors.indexOf(this.shared);
					if (index >= 0) {
						interceptors.set(index, own);
					}
					else {
						interceptors.add(own);
					}
				});
			}
		});
	}

	private void checkNames(Set<String> names) {
		List<Problem> problems = new ArrayList<>();
		for (String configured : this.byGroup.keySet()) {
			if (!names.contains(configured)) {
				String property = "backoff.http.groups." + configured;
				String closest = ClosestNames.closest(configured, names);
				problems.add((closest != null)
						? new Problem(property + " names no HTTP service group; did you mean '" + closest + "'?",
								"Rename " + property + " to backoff.http.groups." + closest + ".")
						: new Problem(property + " names no HTTP service group (the groups are " + names + ")",
								"Rename " + property + " to one of the groups, or remove it."));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidBackoffConfigurationException(problems);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
