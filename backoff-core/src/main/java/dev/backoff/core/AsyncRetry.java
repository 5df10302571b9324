package dev.backoff.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The {@code CompletionStage} driver: makes a try, hands its outcome to the execution,
 * and schedules the next try as told. The first try runs on the calling thread; retries
 * run on the registry's executor. A try's outcome is handed over on whatever thread
 * completed its stage, so the execution decides without blocking it: a retry budget kept
 * in a shared store answers asynchronously, and the decision goes on from its answer.
 * Cancelling the returned future cancels the execution.
 */
final class AsyncRetry<T> implements Runnable, RetryExecution.Decision {

	private final Supplier<? extends @Nullable CompletionStage<T>> supplier;

	private final RetryExecution execution;

	private final CompletableFuture<T> promise = new CompletableFuture<>();

	/** What the executor runs for a retry: this, within the caller's captured context. */
	private Runnable retry = this;

	/**
	 * The layers each try marks its thread with (this call and those enclosing it), so
	 * that a retrier called inside leaves to them the failures they retry; {@code null}
	 * when nested retries are allowed.
	 */
	private final @Nullable EnclosingRetries layers;

	AsyncRetry(Supplier<? extends @Nullable CompletionStage<T>> supplier, RetryExecution execution) {
		this.supplier = supplier;
		this.execution = execution;
		this.layers = execution.enclosingItsTries();
	}

	/** Makes the first try on the calling thread; later ones run the caller's context. */
	CompletableFuture<T> start(UnaryOperator<Runnable> contextCapture) {
		this.promise.whenComplete((result, failure) -> {
			if (this.promise.isCancelled()) {
				this.execution.cancel();
			}
		});
		this.retry = contextCapture.apply(this);
		run();
		return this.promise;
	}

	/** Makes one try. */
	@Override
	public void run() {
		@Nullable CompletionStage<T> stage;
		EnclosingRetries layers = this.layers;
		int entered = (layers != null) ? layers.layers().length : 0;
		RetryScope scope = (layers != null) ? RetryScope.enter(layers) : null;
		Runnable callScope = this.execution.openScope();
		try {
			stage = this.supplier.get();
			if (stage == null) {
				throw new NullPointerException("The supplier returned no CompletionStage");
			}
		}
		catch (Throwable ex) {
			completed(null, ex);
			return;
		}
		finally {
			callScope.run();
			if (scope != null) {
				scope.exit(entered);
			}
		}
		if (stage instanceof Future<?> future) {
			this.execution.inFlight(future);
		}
		stage.whenComplete(this::completed);
	}

	private void completed(@Nullable T result, @Nullable Throwable failure) {
		try {
			if (failure != null) {
				this.execution.onFailure(unwrap(failure), this);
			}
			else {
				this.execution.onResult(result, this);
			}
		}
		catch (Throwable ex) {
			this.promise.completeExceptionally(ex);
		}
	}

	/**
	 * Goes on as the execution decided: completes the caller's future, or waits for the
	 * next try.
	 */
	@Override
	public void decided(@Nullable Duration wait) {
		if (wait == null) {
			this.execution.complete(this.promise);
		}
		else {
			this.execution.schedule(wait, this.retry, () -> this.execution.complete(this.promise));
		}
	}

	static Throwable unwrap(Throwable failure) {
		Throwable cause = failure.getCause();
		if ((failure instanceof CompletionException || failure instanceof ExecutionException) && cause != null) {
			return cause;
		}
		return failure;
	}

}
