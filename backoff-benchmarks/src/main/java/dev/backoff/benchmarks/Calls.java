package dev.backoff.benchmarks;

/**
 * What the beans of the application benchmarks do, in the shape a user's service has: a
 * method that takes an argument and returns a primitive.
 */
public interface Calls {

	/** Returns at once: the success path. */
	int ok(int x);

	/**
	 * Fails on every other call, so each retried invocation fails once, then succeeds.
	 */
	int fails(int x);

	/**
	 * Shared state for the beans: fail on every other call, with {@link Target#FAILURE}.
	 */
	abstract class Flaky implements Calls {

		private boolean failNext = true;

		@Override
		public int ok(int x) {
			return x + 1;
		}

		@Override
		public int fails(int x) {
			if (this.failNext) {
				this.failNext = false;
				throw Target.FAILURE;
			}
			this.failNext = true;
			return x + 1;
		}

	}

}
