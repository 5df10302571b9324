package dev.backoff.http;

import java.time.Clock;
import java.util.Set;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryRegistry;
import dev.backoff.reactor.ReactorExecutions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The {@code WebClient} counterpart of {@link RetryingClientHttpRequestInterceptor}: the
 * same statuses, limits, {@code Retry-After} rule and methods, without blocking a thread:
 * each response is handed to the engine on the connector's thread, and a retry budget
 * kept in Redis is asked asynchronously there. Waits run on the registry's scheduler; the
 * body of a response that will be retried is released first. Add it with
 * {@code WebClient.builder().filter(filter)}.
 *
 * @since 0.1.0
 */
public class RetryingExchangeFilterFunction implements ExchangeFilterFunction {

	private final HttpRetryPolicy policy;

	/**
	 * A response whose status is retried stands for a failure; one that is retried gets
	 * its body released first.
	 */
	private final ReactorExecutions.Values<ClientResponse> responses = new ReactorExecutions.Values<>() {

		@Override
		public @Nullable RuntimeException failureOf(ClientResponse response) {
			return RetryingExchangeFilterFunction.this.policy.failure(response.statusCode().value(),
					response.headers().asHttpHeaders(), WebClientStatusException::new);
		}

		@Override
		public Mono<Void> discard(ClientResponse response) {
			return response.releaseBody();
		}

	};

	/**
	 * Creates a filter.
	 * @param registry the registry that holds the entry
	 * @param settings the entry's name
	 * @param methods the methods that are retried
	 * @param clock the clock that HTTP-date {@code Retry-After} values are relative to
	 */
	public RetryingExchangeFilterFunction(RetryRegistry registry, String settings, Set<HttpMethod> methods,
			Clock clock) {
		this(new HttpRetryPolicy(registry, settings, methods, clock));
	}

	/**
	 * Creates one from a policy, which may be shared with other clients.
	 * @param policy the policy
	 */
	public RetryingExchangeFilterFunction(HttpRetryPolicy policy) {
		this.policy = policy;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		Retrier retrier = this.policy.retrier(request.method(), request.url());
		if (retrier == null) {
			return next.exchange(request);
		}
		return ReactorExecutions.retry(Mono.defer(() -> next.exchange(request)), RetryDrivers.prepare(retrier, null),
				this.responses);
	}

}
