package dev.backoff.core;

/**
 * The scope of a try that no listener follows, and what a call listener without a scope
 * of its own opens: one instance, which an execution recognises and skips. A class of its
 * own so that {@link RetryListener} and {@link RetryExecution} share it without referring
 * to each other.
 */
final class NoScope implements Runnable {

	static final NoScope INSTANCE = new NoScope();

	private NoScope() {
	}

	@Override
	public void run() {
	}

}
