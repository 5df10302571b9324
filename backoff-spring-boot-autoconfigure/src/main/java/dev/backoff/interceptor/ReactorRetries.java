package dev.backoff.interceptor;

import java.time.Duration;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetrySession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Retries {@code Mono} and {@code Flux} results by resubscribing, with the same decisions,
 * waits and events as blocking calls. Loaded only when Reactor is on the classpath.
 */
final class ReactorRetries {

	private ReactorRetries() {
	}

	static RetryableMethod.@Nullable Kind kind(Class<?> returnType) {
		if (Mono.class.isAssignableFrom(returnType)) {
			return RetryableMethod.Kind.MONO;
		}
		if (Flux.class.isAssignableFrom(returnType)) {
			return RetryableMethod.Kind.FLUX;
		}
		return null;
	}

	static Object retry(@Nullable Object publisher, RetryableMethod.Kind kind, Retrier retrier, String label,
			@Nullable Object @Nullable [] arguments) {
		if (publisher instanceof Mono<?> mono) {
			return Mono.defer(() -> {
				RetrySession session = retrier.session(label, arguments);
				return mono.retryWhen(retry(session)).doOnSuccess((value) -> session.onSuccess());
			});
		}
		if (publisher instanceof Flux<?> flux) {
			return Flux.defer(() -> {
				RetrySession session = retrier.session(label, arguments);
				return flux.retryWhen(retry(session)).doOnComplete(session::onSuccess);
			});
		}
		return publisher;
	}

	private static Retry retry(RetrySession session) {
		return Retry.from((signals) -> signals.concatMap((signal) -> backoff(session, signal.failure())));
	}

	private static Mono<Long> backoff(RetrySession session, Throwable failure) {
		Duration wait = session.onFailure(failure);
		if (wait == null) {
			return Mono.error(session.failureToThrow());
		}
		if (wait.isZero()) {
			return Mono.just(0L);
		}
		return Mono.create((sink) -> session.schedule(wait, () -> sink.success(0L)));
	}

}
