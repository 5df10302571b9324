package dev.backoff.reactor;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.backoff.core.EnclosingRetries;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryExecution;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The Reactor side of driving a {@link RetryExecution}: starting one per subscription
 * under what the subscriber's context says, handing each try's outcome over without
 * blocking, waiting on the execution's timer, marking the context of the tries, and
 * turning the execution's outcome into a signal. The drivers only chain these; the engine
 * decides.
 *
 * @since 0.1.0
 */
public final class ReactorExecutions {

	private ReactorExecutions() {
	}

	/**
	 * Starts an execution for one subscription.
	 * @param prepared what the call read when it was made (its NoRetry scope, an
	 * enclosing retry)
	 * @param subscriber the subscriber's context, which says which retrying publishers'
	 * tries this runs inside
	 * @return the execution
	 */
	public static RetryExecution start(Retrier.Prepared prepared, ContextView subscriber) {
		return prepared.start(subscriber.getOrDefault(Retrier.Prepared.INSIDE_RETRY, null));
	}

	/**
	 * Marks the context of a try with the execution's layers, so that a retrying
	 * publisher subscribed inside it leaves to them the failures they retry.
	 * @param context the try's context
	 * @param execution the execution whose try it is
	 * @return the marked context
	 */
	public static Context markInsideRetry(Context context, RetryExecution execution) {
		EnclosingRetries layers = execution.enclosingItsTries();
		return (layers != null) ? context.put(Retrier.Prepared.INSIDE_RETRY, layers) : context;
	}

	/**
	 * Hands a try's outcome to the execution and goes on as it decides, without blocking
	 * the thread the try ended on (an event loop, often): a retry budget kept in a shared
	 * store is asked asynchronously, and the decision follows its answer, on the thread
	 * that receives it (see
	 * {@link RetryExecution#onFailure(Throwable, RetryExecution.Decision)}).
	 * @param <P> what the driver goes on with: the next try's publisher, or the outcome's
	 * @param execution the execution
	 * @param failure what the try failed with, or {@code null} if it returned
	 * @param result what the try returned, when it did
	 * @param retry what follows a decision to retry, given the wait before the next try
	 * @param ended what follows when retrying has ended (the result accepted, or given
	 * up)
	 * @return a {@code Mono} of what follows; it fails if the decision threw
	 */
	public static <P> Mono<P> decide(RetryExecution execution, @Nullable Throwable failure, @Nullable Object result,
			Function<Duration, P> retry, Supplier<P> ended) {
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

	/**
	 * Waits on the execution's scheduler, without blocking; cancelling the subscription
	 * cancels the execution.
	 * @param execution the execution
	 * @param wait the wait it returned
	 * @return {@code true} after the wait, or {@code false} if the execution ended
	 * meanwhile
	 */
	public static Mono<Boolean> waitFor(RetryExecution execution, Duration wait) {
		if (wait.isZero()) {
			return Mono.just(true);
		}
		return Mono.create((sink) -> {
			sink.onCancel(execution::cancel);
			execution.schedule(wait, () -> sink.success(true), () -> sink.success(false));
		});
	}

	/**
	 * Returns what reaches the subscriber once the execution has ended: its result (empty
	 * for {@code null}) or its last failure.
	 * @param <T> the value type
	 * @param execution the ended execution
	 * @return the outcome as a signal
	 */
	@SuppressWarnings("unchecked")
	public static <T> Mono<T> outcome(RetryExecution execution) {
		try {
			return Mono.justOrEmpty((T) execution.outcome());
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
	}

}
