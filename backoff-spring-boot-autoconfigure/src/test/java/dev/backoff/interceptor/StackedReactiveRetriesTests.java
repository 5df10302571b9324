package dev.backoff.interceptor;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Retryable} {@code Mono} methods stacked, one returning the other's publisher:
 * the inner one learns from the subscriber's context which layers enclose it, and leaves
 * to them only the failures they would retry.
 */
class StackedReactiveRetriesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Inner.class)
		.withBean(Outer.class);

	@Test
	void aFailureBothLayersRetryIsRetriedByTheOuterOneOnly() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			StepVerifier.create(context.getBean(Outer.class).anything()).verifyError(IOException.class);
			assertThat(inner.calls()).as("11 tries, not 11 x 11").isEqualTo(11);
		});
	}

	@Test
	void aFailureOnlyTheInnerLayerRetriesIsRetriedThere() {
		this.runner.withPropertyValues("backoff.settings.default.max-tries=3").run((context) -> {
			Inner inner = context.getBean(Inner.class);
			StepVerifier.create(context.getBean(Outer.class).onlyIllegalState()).verifyError(IOException.class);
			assertThat(inner.calls()).as("the inner layer's own 3 tries").isEqualTo(3);
		});
	}

	static class Inner {

		final AtomicInteger calls = new AtomicInteger();

		@Retryable
		Mono<String> fetch() {
			return Mono.defer(() -> {
				this.calls.incrementAndGet();
				return Mono.error(new IOException("down"));
			});
		}

		int calls() {
			return this.calls.get();
		}

	}

	static class Outer {

		private final Inner inner;

		Outer(Inner inner) {
			this.inner = inner;
		}

		@Retryable
		Mono<String> anything() {
			return this.inner.fetch();
		}

		@Retryable(retryOn = IllegalStateException.class)
		Mono<String> onlyIllegalState() {
			return this.inner.fetch();
		}

	}

}
