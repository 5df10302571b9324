package dev.backoff.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySession;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The {@code WebClient} counterpart of {@link RetryingClientHttpRequestInterceptor}: the
 * same statuses, limits, {@code Retry-After} rule and methods, without blocking a thread.
 * Waits run on the registry's scheduler; the body of a response that will be retried is
 * released first. Add it with {@code WebClient.builder().filter(filter)}.
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
		this.policy = new HttpRetryPolicy(registry, settings, methods, clock);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			RetrySession session = this.policy.start(request.method(), request.url());
			return (session != null) ? attempt(request, next, session) : next.exchange(request);
		});
	}

	private Mono<ClientResponse> attempt(ClientRequest request, ExchangeFunction next, RetrySession session) {
		return next.exchange(request)
			.materialize()
			.flatMap((signal) -> decide(signal, request, next, session));
	}

	private Mono<ClientResponse> decide(Signal<ClientResponse> signal, ClientRequest request, ExchangeFunction next,
			RetrySession session) {
		Throwable failure = signal.getThrowable();
		if (failure != null) {
			Duration wait = session.onFailure(failure);
			if (wait == null) {
				return Mono.error(session.failureToThrow());
			}
			return delay(session, wait).then(Mono.defer(() -> attempt(request, next, session)));
		}
		ClientResponse response = signal.get();
		if (response == null) {
			return Mono.empty();
		}
		Duration wait = this.policy.onResponse(session, response.statusCode().value(),
				response.headers().asHttpHeaders());
		if (wait == null) {
			return Mono.just(response);
		}
		return response.releaseBody().then(delay(session, wait)).then(Mono.defer(() -> attempt(request, next, session)));
	}

	private static Mono<Void> delay(RetrySession session, Duration wait) {
		if (wait.isZero()) {
			return Mono.empty();
		}
		return Mono.create((sink) -> session.schedule(wait, sink::success));
	}

}
