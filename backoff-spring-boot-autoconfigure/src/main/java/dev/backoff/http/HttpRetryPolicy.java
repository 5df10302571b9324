package dev.backoff.http;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryExecution;
import dev.backoff.core.RetryRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * What the blocking interceptor and the reactive filter share: which requests are
 * retried, under which entry and label, and how a response becomes an outcome for the
 * engine. The engine decides everything else. The auto-configuration builds one, from
 * {@code backoff.http.*}, for both.
 *
 * @since 0.1.0
 */
public final class HttpRetryPolicy {

	private final RetryRegistry registry;

	private final String settings;

	private final Set<HttpMethod> methods;

	private final Clock clock;

	/** One labelled retrier per host, rebuilt when the registry's entries change. */
	private volatile Labelled labelled = new Labelled(-1, new ConcurrentHashMap<>());

	/**
	 * Creates a policy.
	 * @param registry the registry that holds the entry
	 * @param settings the entry's name; it must exist
	 * @param methods the methods that are retried
	 * @param clock the wall clock that HTTP-date {@code Retry-After} values are read
	 * against
	 */
	public HttpRetryPolicy(RetryRegistry registry, String settings, Set<HttpMethod> methods, Clock clock) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.methods = Set.copyOf(methods);
		this.clock = Objects.requireNonNull(clock, "clock");
		registry.retrier(settings);
	}

	/**
	 * Returns the retrier of requests to {@code uri} with {@code method}, or {@code null}
	 * if such requests are not retried. Events name the target {@code METHOD host}, never
	 * the path, which may hold identifiers; the retry budget is the entry's per host
	 * ({@code entry host}), so one failing host does not spend the others'.
	 */
	@Nullable Retrier retrier(HttpMethod method, URI uri) {
		if (!this.methods.contains(method)) {
			return null;
		}
		String host = (uri.getHost() != null) ? uri.getHost() : "";
		String label = method.name() + " " + host;
		int version = RetryDrivers.version(this.registry);
		Labelled current = this.labelled;
		if (current.version != version) {
			current = new Labelled(version, new ConcurrentHashMap<>());
			this.labelled = current;
		}
		Retrier retrier = current.byLabel.get(label);
		return (retrier != null) ? retrier : current.byLabel.computeIfAbsent(label, (key) -> RetryDrivers
			.withBudgetKey(this.registry.retrier(this.settings).withLabel(key), this.settings + " " + host));
	}

	/**
	 * Hands a response to the execution: below 400 it is a result, from 400 on a failure
	 * of the type Spring's clients throw for it.
	 * @return the wait before the next try, or {@code null} to hand the response to the
	 * caller (a success, or retrying has ended)
	 */
	@Nullable Duration onResponse(RetryExecution execution, Object response, int status, HttpHeaders headers,
			FailureFactory failures) {
		RuntimeException failure = failure(status, headers, failures);
		return (failure != null) ? execution.onFailure(failure) : execution.onResult(response);
	}

	/**
	 * Returns the failure that stands for an error response while the engine decides:
	 * from 400 on, the type Spring's clients throw for it; below, none (the response is a
	 * result).
	 */
	@Nullable RuntimeException failure(int status, HttpHeaders headers, FailureFactory failures) {
		return (status < 400) ? null
				: failures.create(status, headers, HttpStatusCodeExtractor.retryAfter(headers, this.clock));
	}

	/** Makes the failure that stands for an error response while the engine decides. */
	@FunctionalInterface
	interface FailureFactory {

		RuntimeException create(int status, HttpHeaders headers, @Nullable Duration retryAfter);

	}

	private record Labelled(int version, Map<String, Retrier> byLabel) {
	}

}
