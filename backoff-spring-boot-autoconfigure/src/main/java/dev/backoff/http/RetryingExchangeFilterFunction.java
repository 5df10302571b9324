package dev.backoff.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryExecution;
import dev.backoff.core.RetryRegistry;
import dev.backoff.reactor.ReactorExecutions;
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
		Retrier.Prepared executions = retrier.prepare(null);
		return Mono.deferContextual((context) -> {
			RetryExecution execution = ReactorExecutions.start(executions, context);
			return attempt(request, next, execution).doOnCancel(execution::cancel);
		});
	}

	private Mono<ClientResponse> attempt(ClientRequest request, ExchangeFunction next, RetryExecution execution) {
		return next.exchange(request).materialize().flatMap((signal) -> {
			Throwable failure = signal.getThrowable();
			if (failure != null) {
				return ReactorExecutions
					.decide(execution, failure, null, (wait) -> retry(request, next, execution, wait, Mono.empty()),
							() -> ReactorExecutions.<ClientResponse>outcome(execution))
					.flatMap(Function.identity());
			}
			ClientResponse response = signal.get();
			if (response == null) {
				return Mono.empty();
			}
			RuntimeException asFailure;
			try {
				asFailure = this.policy.failure(response.statusCode().value(), response.headers().asHttpHeaders(),
						WebClientStatusException::new);
			}
			catch (RuntimeException | Error ex) {
				return response.releaseBody().then(Mono.error(ex));
			}
			return ReactorExecutions.decide(execution, asFailure, response,
					(wait) -> retry(request, next, execution, wait, response.releaseBody()), () -> Mono.just(response))
				.onErrorResume((ex) -> response.releaseBody().then(Mono.error(ex)))
				.flatMap(Function.identity());
		});
	}

	private Mono<ClientResponse> retry(ClientRequest request, ExchangeFunction next, RetryExecution execution,
			Duration wait, Mono<Void> release) {
		return release.then(ReactorExecutions.waitFor(execution, wait))
			.flatMap((proceed) -> proceed ? attempt(request, next, execution) : ReactorExecutions.outcome(execution));
	}

}
