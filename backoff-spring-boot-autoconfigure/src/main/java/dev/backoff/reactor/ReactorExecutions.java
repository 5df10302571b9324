package dev.backoff.reactor;

import java.time.Duration;

import dev.backoff.core.EnclosingRetries;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryExecution;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The Reactor side of driving a {@link RetryExecution}: starting one per subscription under
 * what the subscriber's context says, waiting on the execution's timer, marking the context
 * of the tries, and turning the execution's outcome into a signal. The drivers only chain
 * these; the engine decides.
 *
 * @since 0.1.0
 */
public final class ReactorExecutions {

	private ReactorExecutions() {
	}

	/**
	 * Starts an execution for one subscription.
	 * @param prepared what the call read when it was made (its NoRetry scope, an enclosing retry)
	 * @param subscriber the subscriber's context, which says which retrying publishers' tries
	 * this runs inside
	 * @return the execution
	 */
	public static RetryExecution start(Retrier.Prepared prepared, ContextView subscriber) {
		return prepared.start(subscriber.getOrDefault(Retrier.Prepared.INSIDE_RETRY, null));
	}

	/**
	 * Marks the context of a try with the execution's layers, so that a retrying publisher
	 * subscribed inside it leaves to them the failures they retry.
	 * @param context the try's context
	 * @param execution the execution whose try it is
	 * @return the marked context
	 */
	public static Context markInsideRetry(Context context, RetryExecution execution) {
		EnclosingRetries layers = execution.enclosingItsTries();
		return (layers != null) ? context.put(Retrier.Prepared.INSIDE_RETRY, layers) : context;
	}

	/**
	 * Waits on the execution's scheduler, without blocking; cancelling the subscription
	 * cancels the execution.
	 * @param execution the execution
	 * @param wait the wait it returned
	 * @return {@code true} after the wait, or {@code false} if the execution ended meanwhile
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
	 * Returns what reaches the subscriber once the execution has ended: its result (empty for
	 * {@code null}) or its last failure.
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
