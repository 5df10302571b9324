package dev.backoff.reactor;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.backoff.core.EnclosingRetries;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryExecution;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The one Reactor driver of a {@link RetryExecution}, shared by {@code @Retryable}
 * methods that return a {@code Mono} or a {@code Flux} and by the WebClient filter: it
 * only makes tries (by resubscribing) and waits, and the engine decides.
 * <p>
 * Each subscription is one execution, started under what the call read when it was
 * prepared ({@link RetryDrivers#prepare}: its {@code NoRetry} scope, the retrying calls
 * around it) and what the subscriber's context says: the tries' context carries the
 * retrying calls that enclose them, so that a retrying publisher subscribed inside a try
 * makes one try only for a failure that this one retries. Each try's outcome is handed
 * over without blocking the thread it ends on (an event loop, often): a retry budget kept
 * in a shared store is asked asynchronously. Waits are timed by the execution's
 * scheduler, and cancelling the subscription cancels the execution and its pending wait.
 *
 * @since 0.1.0
 */
public final class ReactorExecutions {

	/**
	 * The subscriber context key of the retrying calls that enclose a try
	 * ({@link RetryExecution#enclosingItsTries()}).
	 */
	private static final String INSIDE_RETRY = "dev.backoff.inside-retry";

	private static final RetryExecution.Decision IGNORED = (wait) -> {
	};

	private ReactorExecutions() {
	}

	/**
	 * Retries {@code source} by resubscribing, one execution per subscription; its value
	 * goes through the settings' result predicate.
	 * @param <T> the value type
	 * @param source the publisher of one try; subscribed again for each retry
	 * @param prepared the call's executions
	 * @return the retrying publisher
	 */
	public static <T> Mono<T> retry(Mono<T> source, Retrier.Prepared prepared) {
		return retry(source, prepared, Values.results());
	}

	/**
	 * Retries {@code source} by resubscribing, one execution per subscription; each value
	 * is judged by {@code values} first: a failure to retry (an HTTP response whose
	 * status is retried), or a result.
	 * @param <T> the value type
	 * @param source the publisher of one try; subscribed again for each retry
	 * @param prepared the call's executions
	 * @param values how values are judged, and released when they are not handed on
	 * @return the retrying publisher
	 */
	public static <T> Mono<T> retry(Mono<T> source, Retrier.Prepared prepared, Values<T> values) {
		return Mono.deferContextual((subscriber) -> {
			RetryExecution execution = prepared.start(subscriber.getOrDefault(INSIDE_RETRY, null));
			return tries(source.contextWrite((context) -> markInsideRetry(context, execution)), execution, values)
				.doOnCancel(execution::cancel);
		});
	}

	/**
	 * Retries {@code source} by resubscribing, one execution per subscription: its
	 * elements flow through, a failure is retried (elements already emitted are emitted
	 * again by the next subscription), and completion is success.
	 * @param <T> the element type
	 * @param source the publisher of one try; subscribed again for each retry
	 * @param prepared the call's executions
	 * @return the retrying publisher
	 */
	public static <T> Flux<T> retry(Flux<T> source, Retrier.Prepared prepared) {
		return Flux.deferContextual((subscriber) -> {
			RetryExecution execution = prepared.start(subscriber.getOrDefault(INSIDE_RETRY, null));
			return tries(source.contextWrite((context) -> markInsideRetry(context, execution)), execution)
				.doOnCancel(execution::cancel);
		});
	}

	/** Subscribes once, hands the outcome to the execution, and goes on as it decides. */
	private static <T> Mono<T> tries(Mono<T> source, RetryExecution execution, Values<T> values) {
		return source.materialize().flatMap((signal) -> {
			Throwable failure = signal.getThrowable();
			T value = signal.get();
			if (failure != null || value == null) {
				return decide(execution, failure, null, (wait) -> next(source, execution, values, wait, Mono.empty()),
						() -> outcome(execution));
			}
			RuntimeException asFailure;
			try {
				asFailure = values.failureOf(value);
			}
			catch (RuntimeException | Error ex) {
				return values.discard(value).then(Mono.error(ex));
			}
			return decide(execution, asFailure, value,
					(wait) -> next(source, execution, values, wait, values.discard(value)), () -> Mono.just(value))
				.onErrorResume((ex) -> values.discard(value).then(Mono.error(ex)));
		});
	}

	/** Releases what the try left, waits, and makes the next try. */
	private static <T> Mono<T> next(Mono<T> source, RetryExecution execution, Values<T> values, Duration wait,
			Mono<Void> release) {
		return release.then(waitFor(execution, wait))
			.flatMap((proceed) -> proceed ? tries(source, execution, values) : outcome(execution));
	}

	/** As for a {@code Mono}, but elements flow through and completion is success. */
	private static <T> Flux<T> tries(Flux<T> source, RetryExecution execution) {
		return source.doOnComplete(() -> execution.onResult(null, IGNORED))
			.onErrorResume((failure) -> decideMany(execution, failure, null,
					(wait) -> waitFor(execution, wait).flatMapMany((proceed) -> proceed ? tries(source, execution)
							: ReactorExecutions.<T>outcome(execution).flux()),
					() -> ReactorExecutions.<T>outcome(execution).flux()));
	}

	/**
	 * Marks the context of a try with the execution's layers, so that a retrying
	 * publisher subscribed inside it leaves to them the failures they retry.
	 */
	private static Context markInsideRetry(Context context, RetryExecution execution) {
		EnclosingRetries layers = execution.enclosingItsTries();
		return (layers != null) ? context.put(INSIDE_RETRY, layers) : context;
	}

	/**
	 * Hands a try's outcome to the execution and goes on with what follows its decision,
	 * on the thread that receives the decision (see
	 * {@link RetryExecution#onFailure(Throwable, RetryExecution.Decision)}); the result
	 * fails if the decision threw.
	 */
	private static <P extends Publisher<?>> Mono<P> decisionOf(RetryExecution execution, @Nullable Throwable failure,
			@Nullable Object result, Function<Duration, P> retry, Supplier<P> ended) {
		return Mono.create((sink) -> {
			RetryExecution.Decision then = (wait) -> sink.success((wait != null) ? retry.apply(wait) : ended.get());
			if (failure != null) {
				execution.onFailure(failure, then);
			}
			else {
				execution.onResult(result, then);
			}
		});
	}

	private static <T> Mono<T> decide(RetryExecution execution, @Nullable Throwable failure, @Nullable Object result,
			Function<Duration, Mono<T>> retry, Supplier<Mono<T>> ended) {
		return decisionOf(execution, failure, result, retry, ended).flatMap(Function.identity());
	}

	private static <T> Flux<T> decideMany(RetryExecution execution, Throwable failure, @Nullable Object result,
			Function<Duration, Flux<T>> retry, Supplier<Flux<T>> ended) {
		return decisionOf(execution, failure, result, retry, ended).flatMapMany(Function.identity());
	}

	/**
	 * Waits on the execution's scheduler, without blocking; cancelling the subscription
	 * cancels the execution. Emits {@code true} after the wait, or {@code false} if the
	 * execution ended meanwhile.
	 */
	private static Mono<Boolean> waitFor(RetryExecution execution, Duration wait) {
		if (wait.isZero()) {
			return Mono.just(true);
		}
		return Mono.create((sink) -> {
			sink.onCancel(execution::cancel);
			execution.schedule(wait, () -> sink.success(true), () -> sink.success(false));
		});
	}

	/**
	 * What reaches the subscriber once the execution has ended: its result (empty for
	 * {@code null}) or its last failure.
	 */
	@SuppressWarnings("unchecked")
	private static <T> Mono<T> outcome(RetryExecution execution) {
		try {
			return Mono.justOrEmpty((T) execution.outcome());
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
	}

	/**
	 * How a driver's values are judged before the settings see them, and released when a
	 * retry replaces them.
	 *
	 * @param <T> the value type
	 */
	public interface Values<T> {

		/**
		 * Returns the failure that the value stands for, to be retried as that failure
		 * (and handed on as the value itself if retrying ends on it), or {@code null} to
		 * judge it as a result.
		 * @param value the value of a try
		 * @return the failure, or {@code null}
		 */
		@Nullable RuntimeException failureOf(T value);

		/**
		 * Releases a value that is not handed on, before the retry that replaces it.
		 * @param value the value
		 * @return what completes once it is released
		 */
		default Mono<Void> discard(T value) {
			return Mono.empty();
		}

		/**
		 * Returns the judging of a method's values: every one is a result.
		 * @param <T> the value type
		 * @return values judged as results
		 */
		static <T> Values<T> results() {
			return (value) -> null;
		}

	}

}
