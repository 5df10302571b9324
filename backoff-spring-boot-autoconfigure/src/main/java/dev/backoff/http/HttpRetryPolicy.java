package dev.backoff.http;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import dev.backoff.autoconfigure.HttpStatusCodeExtractor;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySession;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * What the blocking interceptor and the reactive filter share: which requests are retried,
 * under which entry, and what a response means.
 */
final class HttpRetryPolicy {

	private final RetryRegistry registry;

	private final String settings;

	private final Set<HttpMethod> methods;

	private final Clock clock;

	HttpRetryPolicy(RetryRegistry registry, String settings, Set<HttpMethod> methods, Clock clock) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.methods = Set.copyOf(methods);
		this.clock = Objects.requireNonNull(clock, "clock");
		registry.retrier(settings);
	}

	/**
	 * Starts the retries of one request.
	 * @return the session, or {@code null} if this request is not retried
	 */
	@Nullable RetrySession start(HttpMethod method, URI uri) {
		if (!this.registry.isEnabled() || !this.methods.contains(method)) {
			return null;
		}
		String label = method.name() + " " + ((uri.getHost() != null) ? uri.getHost() : "");
		return this.registry.retrier(this.settings).session(label, null);
	}

	/**
	 * Decides about a response.
	 * @return {@code null} to hand the response to the caller (a success, or retrying has
	 * ended), else the wait before the next try
	 */
	@Nullable Duration onResponse(RetrySession session, int status, HttpHeaders headers) {
		if (status < 400) {
			session.onSuccess();
			return null;
		}
		return session.onFailure(new HttpStatusException(status, HttpStatusCodeExtractor.retryAfter(headers, this.clock)));
	}

}
