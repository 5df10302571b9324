package dev.backoff.core;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the current thread is inside of, in one thread-local read: {@link NoRetry} scopes,
 * and the retrying calls whose tries are running, outermost first (so that a retrier
 * inside another one's try can ask whether an enclosing layer would retry its failure).
 * Entering and leaving a try allocates nothing.
 */
final class RetryScope {

	private static final ThreadLocal<RetryScope> CURRENT = ThreadLocal.withInitial(RetryScope::new);

	private int noRetryDepth;

	/**
	 * The rules of the retrying calls whose tries run on this thread, outermost first:
	 * the first {@link #depth} elements. A slot is written only when it changes, since
	 * every store of a reference pays the collector's write barrier (under G1, a fence),
	 * and a try's end does not clear it: the slots hold the rules weakly, so a thread
	 * keeps no settings, and no class of the application that made them, alive.
	 */
	private @Nullable WeakReference<Rules>[] layers = newLayers(4);

	private int depth;

	private RetryScope() {
	}

	/** The current thread's scope. */
	static RetryScope current() {
		return CURRENT.get();
	}

	static boolean isNoRetry() {
		return current().noRetry();
	}

	/** Whether a {@link NoRetry} scope is open on this (the current) thread. */
	boolean noRetry() {
		return this.noRetryDepth > 0;
	}

	static void openNoRetry() {
		current().noRetryDepth++;
	}

	static void closeNoRetry() {
		current().noRetryDepth--;
	}

	/**
	 * Marks the thread as running a try of a retrying call under {@code rules}.
	 * @return the scope, to {@link #exit()} when the try has ended
	 */
	static RetryScope enter(Rules rules) {
		RetryScope scope = current();
		scope.push(rules);
		return scope;
	}

	/**
	 * Marks the thread as running a try inside every layer of {@code layers}: the try of
	 * an asynchronous call, whose enclosing calls ran on another thread.
	 * @return the scope, to {@link #exit(int)} with the number of layers
	 */
	static RetryScope enter(EnclosingRetries layers) {
		RetryScope scope = current();
		for (Rules each : layers.layers()) {
			scope.push(each);
		}
		return scope;
	}

	private void push(Rules rules) {
		if (this.depth == this.layers.length) {
			this.layers = Arrays.copyOf(this.layers, this.depth * 2);
		}
		WeakReference<Rules> layer = rules.asLayer;
		if (this.layers[this.depth] != layer) {
			this.layers[this.depth] = layer;
		}
		this.depth++;
	}

	/** Ends the innermost try entered. */
	void exit() {
		this.depth--;
	}

	/** Ends the innermost {@code count} layers entered. */
	void exit(int count) {
		this.depth -= count;
	}

	/**
	 * The layers around the innermost one (the caller's own try, entered last).
	 * @return those layers, or {@code null} if the innermost one is the outermost
	 */
	@Nullable EnclosingRetries aroundInnermost() {
		return (this.depth > 1) ? copy(this.depth - 1) : null;
	}

	/**
	 * The layers whose tries run on the current thread now, around a call about to start.
	 * @return those layers, or {@code null} if there are none
	 */
	static @Nullable EnclosingRetries enclosing() {
		RetryScope scope = current();
		return (scope.depth > 0) ? scope.copy(scope.depth) : null;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable WeakReference<Rules>[] newLayers(int length) {
		return (WeakReference<Rules>[]) new WeakReference<?>[length];
	}

	private EnclosingRetries copy(int count) {
		Rules[] copy = new Rules[count];
		for (int i = 0; i < count; i++) {
			// an entered layer's rules are held by its call, which is still running
			copy[i] = Objects.requireNonNull(Objects.requireNonNull(this.layers[i], "an entered layer").get(),
					"an entered layer's rules");
		}
		return new EnclosingRetries(copy);
	}

}
