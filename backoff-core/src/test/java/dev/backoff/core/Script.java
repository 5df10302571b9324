package dev.backoff.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A call that plays a script of outcomes (a {@link Throwable} is thrown), then repeats
 * the last.
 */
final class Script<T> implements Callable<T> {

	private final Deque<Object> outcomes;

	private Object last;

	final AtomicInteger calls = new AtomicInteger();

	private Script(Object... outcomes) {
		this.outcomes = new ArrayDeque<>(List.of(outcomes));
		this.last = outcomes[outcomes.length - 1];
	}

	static <T> Script<T> of(Object... outcomes) {
		return new Script<>(outcomes);
	}

	@Override
	@SuppressWarnings("unchecked")
	public synchronized T call() throws Exception {
		this.calls.incrementAndGet();
		Object outcome = this.outcomes.isEmpty() ? this.last : this.outcomes.poll();
		if (outcome instanceof Exception ex) {
			throw ex;
		}
		if (outcome instanceof Error error) {
			throw error;
		}
		return (T) outcome;
	}

}
