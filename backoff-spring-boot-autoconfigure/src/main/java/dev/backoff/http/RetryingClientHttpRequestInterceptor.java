package dev.backoff.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySession;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Retries requests of {@code RestClient} and {@code RestTemplate} under a settings entry. The
 * response status decides, with the entry's retried statuses and per-status limits; I/O
 * errors (connection refused or reset, read timeouts) are retried too. A response's
 * {@code Retry-After} (seconds or HTTP-date) replaces the computed wait, clamped to the
 * status's cap and never slept past max-time.
 * <p>
 * Only the configured methods are retried (by default the idempotent GET, HEAD, OPTIONS, PUT
 * and DELETE). A response that will be retried is closed first, so no connection leaks;
 * the final response, success or last failure, reaches the caller unchanged. Events and
 * counters name the target as {@code METHOD host}.
 *
 * @since 0.1.0
 */
public class RetryingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	/** Methods retried by default: the idempotent ones. */
	public static final Set<HttpMethod> IDEMPOTENT_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD,
			HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);

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
		this.policy = new HttpRetryPolicy(registry, settings, methods, clock);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		RetrySession session = this.policy.start(request.getMethod(), request.getURI());
		if (session == null) {
			return execution.execute(request, body);
		}
		while (true) {
			ClientHttpResponse response;
			try {
				response = execution.execute(request, body);
			}
			catch (IOException ex) {
				Duration wait = session.onFailure(ex);
				if (wait == null) {
					throw (IOException) session.failureToThrow();
				}
				pause(session, wait);
				continue;
			}
			Duration wait = this.policy.onResponse(session, response.getStatusCode().value(), response.getHeaders());
			if (wait == null) {
				return response;
			}
			response.close();
			pause(session, wait);
		}
	}

	private static void pause(RetrySession session, Duration wait) throws InterruptedIOException {
		if (!session.sleep(wait)) {
			throw new InterruptedIOException("Interrupted while waiting " + wait + " to retry");
		}
	}

}
