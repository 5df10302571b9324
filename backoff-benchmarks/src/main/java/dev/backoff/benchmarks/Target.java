package dev.backoff.benchmarks;

/**
 * What every variant is asked to do: return at once, or fail once and then return.
 */
public interface Target {

	/** Returns at once: the success path. */
	String ok();

	/**
	 * Fails on every other call, so each retried invocation fails once, then succeeds.
	 */
	String failOnce();

	/**
	 * The failure thrown by {@link #failOnce()}: preallocated and stackless, so all pay
	 * the same.
	 */
	RuntimeException FAILURE = new IllegalStateException("transient", null) {

		private static final long serialVersionUID = 1L;

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	};

	/** Shared state for the services: fail on every other call. */
	abstract class Flaky implements Target {

		private boolean failNext = true;

		@Override
		public String ok() {
			return "ok";
		}

		@Override
		public String failOnce() {
			if (this.failNext) {
				this.failNext = false;
				throw FAILURE;
			}
			this.failNext = true;
			return "ok";
		}

	}

}
