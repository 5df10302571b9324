package dev.backoff.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryExecution;
import dev.backoff.core.RetryRegistry;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Retries requests of {@code RestClient} and {@code RestTemplate} under a settings entry.
 * The response status decides, with the entry's retried statuses and per-status limits;
 * I/O errors (connection refused or reset, read timeouts) are retried too. A response's
 * {@code Retry-After} (seconds or HTTP-date) replaces the computed wait as the engine's
 * rules say. An error response is handed to the engine as an {@link HttpStatusException},
 * the kind of exception these clients throw for it.
 * <p>
 * Only the configured methods are retried (by default the idempotent GET, HEAD, OPTIONS,
 * PUT and DELETE). A response that is not handed to the caller is closed on every path,
 * so no connection leaks; the final response, success or last failure, reaches the caller
 * unchanged. An interrupt while waiting ends the retrying: the caller gets the last
 * failure and the thread keeps its interrupt flag. Events and counters name the target as
 * {@code METHOD host}.
 *
 * @since 0.1.0
 */
public class RetryingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	/** Methods retried by default: the idempotent ones. */
	public static final Set<HttpMethod> IDEMPOTENT_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE);

	private final HttpRetryPolicy policy;

	/**
	 * Creates an interceptor.
	 * @param registry the registry that holds the entry
	 * @param settings the entry's name
	 * @param methods the methods that are retried
	 * @param clock the clock that HTTP-date {@code Retry-After} values are relative to
	 */
	public RetryingClientHttpRequestInterceptor(RetryRegistry registry, String settings, Set<HttpMethod> methods,
			Clock clock) {
		this(new HttpRetryPolicy(registry, settings, methods, clock));
	}

	/**
	 * Creates one from a policy, which may be shared with other clients.
	 * @param policy the policy
	 */
	public RetryingClientHttpRequestInterceptor(HttpRetryPolicy policy) {
		this.policy = policy;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Retrier retrier = this.policy.retrier(request.getMethod(), request.getURI());
		if (retrier == null) {
			return execution.execute(request, body);
		}
		RetryExecution retry = RetryDrivers.start(retrier, null);
		while (true) {
			ClientHttpResponse response;
			Duration wait;
			Runnable scope = retry.openScope();
			try {
				response = execution.execute(request, body);
			}
			catch (IOException ex) {
				scope.run();
				wait = retry.onFailure(ex);
				if (wait == null || !retry.sleep(wait)) {
					throw lastFailure(retry);
				}
				continue;
			}
			scope.run();
			boolean handedOver = false;
			try {
				wait = this.policy.onResponse(retry, response, response.getStatusCode().value(), response.getHeaders(),
						HttpStatusException::new);
				if (wait == null) {
					handedOver = true;
					return response;
				}
			}
			finally {
				if (!handedOver) {
					response.close();
				}
			}
			if (!retry.sleep(wait)) {
				throw lastFailure(retry);
			}
		}
	}

	/**
	 * The last failure, as the engine hands it over, for the caller: I/O or unchecked.
	 */
	private static IOException lastFailure(RetryExecution retry) throws IOException {
		try {
			retry.outcome();
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IOException(ex);
		}
		throw new IllegalStateException("A retry ended without a failure");
	}

}
