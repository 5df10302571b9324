package dev.backoff.benchmarks;

import io.github.resilience4j.retry.annotation.Retry;

/**
 * One service per retry library, each annotated as that library's documentation says,
 * with four tries in all and the smallest wait each allows.
 */
final class Services {

	private Services() {
	}

	/** No retrying at all. */
	static class Plain extends Target.Flaky {

	}

	/** This starter: entry {@code bench} (4 tries, constant, base 0). */
	static class BackoffStarter extends Target.Flaky {

		@Override
		@dev.backoff.annotation.Retryable("bench")
		public String ok() {
			return super.ok();
		}

		@Override
		@dev.backoff.annotation.Retryable("bench")
		public String failOnce() {
			return super.failOnce();
		}

	}

	/**
	 * Spring Framework 7: {@code @Retryable} with {@code @EnableResilientMethods}, delay
	 * 0.
	 */
	static class SpringFramework extends Target.Flaky {

		@Override
		@org.springframework.resilience.annotation.Retryable(maxRetries = 3, delay = 0)
		public String ok() {
			return super.ok();
		}

		@Override
		@org.springframework.resilience.annotation.Retryable(maxRetries = 3, delay = 0)
		public String failOnce() {
			return super.failOnce();
		}

	}

	/**
	 * Spring Retry 2.0: {@code @Retryable} with {@code @EnableRetry}. Its
	 * {@code @Backoff} cannot go below 1 ms (it would sleep), so the documented
	 * interceptor form is used, built with {@code NoBackOffPolicy}.
	 */
	static class SpringRetry extends Target.Flaky {

		@Override
		@org.springframework.retry.annotation.Retryable(interceptor = "noBackOffRetryInterceptor")
		public String ok() {
			return super.ok();
		}

		@Override
		@org.springframework.retry.annotation.Retryable(interceptor = "noBackOffRetryInterceptor")
		public String failOnce() {
			return super.failOnce();
		}

	}

	/**
	 * Resilience4j 2.4: {@code @Retry} through its Spring aspect, instance {@code bench}.
	 */
	static class Resilience4j extends Target.Flaky {

		@Override
		@Retry(name = "bench")
		public String ok() {
			return super.ok();
		}

		@Override
		@Retry(name = "bench")
		public String failOnce() {
			return super.failOnce();
		}

	}

}
