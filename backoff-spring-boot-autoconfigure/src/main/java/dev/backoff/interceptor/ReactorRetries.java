package dev.backoff.interceptor;

import java.util.Objects;
import java.util.function.Function;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryExecution;
import dev.backoff.reactor.ReactorExecutions;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Retries {@code Mono} and {@code Flux} results by resubscribing: it only makes tries and
 * waits, the engine's {@link RetryExecution} decides. The calling thread's
 * {@code NoRetry} scope is read when the method is called (at assembly); each
 * subscription is one execution, and the tries' subscriber context marks them as inside a
 * retry, so a retrying publisher inside makes one try only. Outcomes are handed over
 * without blocking the thread they arrive on ({@link ReactorExecutions#decide}), so a
 * budget kept in Redis never blocks it. A {@code Mono}'s value goes through the result
 * predicate like any result; disposing the subscription cancels the execution and its
 * pending wait. Loaded only when Reactor is on the classpath.
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
		Retrier.Prepared executions = retrier.prepare(arguments);
		if (publisher instanceof Mono<?> mono) {
			return Mono.deferContextual((context) -> {
				RetryExecution execution = ReactorExecutions.start(executions, context);
				return tries(mono.contextWrite((tries) -> ReactorExecutions.markInsideRetry(tries, execution)),
						execution)
					.doOnCancel(execution::cancel);
			});
		}
		if (publisher instanceof Flux<?> flux) {
			return Flux.deferContextual((context) -> {
				RetryExecution execution = ReactorExecutions.start(executions, context);
				return tries(flux.contextWrite((tries) -> ReactorExecutions.markInsideRetry(tries, execution)),
						execution)
					.doOnCancel(execution::cancel);
			});
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

	/**
	 * Subscribes once, hands the outcome to the execution, and resubscribes after the
	 * wait.
	 */
	private static <T> Mono<T> tries(Mono<T> source, RetryExecution execution) {
		return source.materialize()
			.flatMap((signal) -> ReactorExecutions
				.decide(execution, signal.getThrowable(), signal.get(),
						(wait) -> ReactorExecutions.waitFor(execution, wait)
							.flatMap((proceed) -> proceed ? tries(source, execution)
									: ReactorExecutions.<T>outcome(execution)),
						() -> ReactorExecutions.<T>outcome(execution))
				.flatMap(Function.identity()));
	}

	/**
	 * As for {@code Mono}, but a {@code Flux}'s elements flow through; completion is
	 * success.
	 */
	private static <T> Flux<T> tries(Flux<T> source, RetryExecution execution) {
		return source.doOnComplete(() -> execution.onResult(null, IGNORED))
			.onErrorResume((failure) -> ReactorExecutions
				.decide(execution, failure, null,
						(wait) -> ReactorExecutions.waitFor(execution, wait)
							.flatMapMany((proceed) -> proceed ? tries(source, execution)
									: ReactorExecutions.<T>outcome(execution).flux()),
						() -> ReactorExecutions.<T>outcome(execution).flux())
				.flatMapMany(Function.identity()));
	}

	/**
	 * A completed {@code Flux} has already ended: its decision has nothing to go on with.
	 */
	private static final RetryExecution.Decision IGNORED = (wait) -> {
	};

	/** Calls a method's fallback with the final failure. */
	@FunctionalInterface
	interface FallbackCall {

		@Nullable Object call(Throwable failure) throws Throwable;

	}

}
