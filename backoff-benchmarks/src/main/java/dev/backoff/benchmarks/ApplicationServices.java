package dev.backoff.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import dev.backoff.annotation.Retryable;

import org.springframework.transaction.annotation.Transactional;

/**
 * The beans of the application benchmarks ({@link Applications}): one per kind of advice,
 * each a subclass of {@link Calls.Flaky} so that every one does the same work.
 */
final class ApplicationServices {

	private ApplicationServices() {
	}

	/** Marks the methods the application's no-op advisor applies to. */
	@Retention(RetentionPolicy.RUNTIME)
	@java.lang.annotation.Target(ElementType.METHOD)
	@interface NoopAdvised {

	}

	/** Marks the methods the application's minimal retry advisor applies to. */
	@Retention(RetentionPolicy.RUNTIME)
	@java.lang.annotation.Target(ElementType.METHOD)
	@interface MinimalRetry {

	}

	/** The baseline of the success path: a no-op interceptor, on a CGLIB proxy. */
	static class Noop extends Calls.Flaky {

		@Override
		@NoopAdvised
		public int ok(int x) {
			return super.ok(x);
		}

		@Override
		@NoopAdvised
		public int fails(int x) {
			return super.fails(x);
		}

	}

	/**
	 * The control of the success path: a second no-op bean, the same as {@link Noop} but
	 * for its class, so that the difference between two identical beans of one
	 * application is measured too. It declares its own methods on purpose: one that
	 * inherited {@code Noop}'s would call the same target methods, and measures as
	 * {@code Noop} does.
	 */
	static class NoopTwin extends Calls.Flaky {

		@Override
		@NoopAdvised
		public int ok(int x) {
			return super.ok(x);
		}

		@Override
		@NoopAdvised
		public int fails(int x) {
			return super.fails(x);
		}

	}

	/** The baseline of one failure: the least a correct retrying interceptor does. */
	static class Minimal extends Calls.Flaky {

		@Override
		@MinimalRetry
		public int ok(int x) {
			return super.ok(x);
		}

		@Override
		@MinimalRetry
		public int fails(int x) {
			return super.fails(x);
		}

	}

	/** This starter, entry {@code bench}. */
	static class Backoff extends Calls.Flaky {

		@Override
		@Retryable("bench")
		public int ok(int x) {
			return super.ok(x);
		}

		@Override
		@Retryable("bench")
		public int fails(int x) {
			return super.fails(x);
		}

	}

	/** A transaction per call, and no retrying: the baseline of the next. */
	static class TransactionalOnly extends Calls.Flaky {

		@Override
		@Transactional
		public int ok(int x) {
			return super.ok(x);
		}

		@Override
		@Transactional
		public int fails(int x) {
			return super.fails(x);
		}

	}

	/**
	 * Retried, and a transaction per try: proxied for the transaction first, then
	 * advised.
	 */
	static class TransactionalBackoff extends Calls.Flaky {

		@Override
		@Transactional
		@Retryable("bench")
		public int ok(int x) {
			return super.ok(x);
		}

		@Override
		@Transactional
		@Retryable("bench")
		public int fails(int x) {
			return super.fails(x);
		}

	}

}
