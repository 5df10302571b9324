package dev.backoff.interceptor;

import java.util.Objects;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryDrivers;
import dev.backoff.reactor.ReactorExecutions;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Retries {@code Mono} and {@code Flux} results with the one Reactor driver,
 * {@link ReactorExecutions}: the calling thread's {@code NoRetry} scope is read when the
 * method is called (at assembly), and each subscription is one execution. A
 * {@code Mono}'s value goes through the result predicate like any result. Also adapts
 * fallbacks to publishers. Loaded only when Reactor is on the classpath.
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

	static @Nullable Object retry(@Nullable Object publisher, Retrier retrier,
			@Nullable Object @Nullable [] arguments) {
		if (publisher instanceof Mono<?> mono) {
			return ReactorExecutions.retry(mono, RetryDrivers.prepare(retrier, arguments));
		}
		if (publisher instanceof Flux<?> flux) {
			return ReactorExecutions.retry(flux, RetryDrivers.prepare(retrier, arguments));
		}
		return publisher;
	}

	/**
	 * Resumes a retrying publisher with the fallback's publisher when retrying gives up.
	 */
	@SuppressWarnings("unchecked")
	static @Nullable Object withFallback(@Nullable Object publisher, FallbackCall fallback) {
		if (publisher instanceof Mono<?> mono) {
			return ((Mono<Object>) mono)
				.onErrorResume((failure) -> Mono.defer(() -> Mono.from(call(fallback, failure))));
		}
		if (publisher instanceof Flux<?> flux) {
			return ((Flux<Object>) flux)
				.onErrorResume((failure) -> Flux.defer(() -> Flux.from(call(fallback, failure))));
		}
		return publisher;
	}

	@SuppressWarnings("unchecked")
	private static Publisher<Object> call(FallbackCall fallback, Throwable failure) {
		try {
			// a reactive method's fallback value is always adapted to a publisher
			return (Publisher<Object>) Objects.requireNonNull(fallback.call(failure), "fallback publisher");
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
	}

	/**
	 * A fallback's value as the method's publisher: itself if it is one, else a one-value
	 * publisher.
	 */
	static Object publisherOf(@Nullable Object value, RetryableMethod.Kind kind) {
		if (value instanceof Publisher<?>) {
			return value;
		}
		if (kind == RetryableMethod.Kind.MONO) {
			return Mono.justOrEmpty(value);
		}
		return (value != null) ? Flux.just(value) : Flux.empty();
	}

	/** Calls a method's fallback with the final failure. */
	@FunctionalInterface
	interface FallbackCall {

		@Nullable Object call(Throwable failure) throws Throwable;

	}

}
