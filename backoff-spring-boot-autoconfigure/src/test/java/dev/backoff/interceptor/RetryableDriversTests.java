package dev.backoff.interceptor;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.core.NoRetry;
import dev.backoff.core.test.FakeTime;
import dev.backoff.interceptor.RetryableInterceptorTests.Events;
import dev.backoff.interceptor.RetryableInterceptorTests.Pending;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The three forms a {@code @Retryable} method can take (plain, {@code CompletableFuture},
 * {@code Mono}), each checked for the result predicate, {@code NoRetry}, cancellation and
 * interrupts. Cancellation tests use {@link FakeTime#manual()}, so a retry waits on the
 * timer until the test advances time.
 */
class RetryableDriversTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(Events.class)
		.withBean(Service.class);

	private final ApplicationContextRunner atOnce = this.runner.withBean(FakeTime.class);

	private final ApplicationContextRunner manual = this.runner.withBean(FakeTime.class, FakeTime::manual);

	// plain methods (the predicate and NoRetry: RetryableInterceptorTests)

	@Test
	void aPlainMethodThatThrowsInterruptedExceptionIsNotRetriedAndTheFlagIsRestored() {
		this.atOnce.run((context) -> {
			Service service = context.getBean(Service.class);
			try {
				assertThatExceptionOfType(InterruptedException.class).isThrownBy(service::interrupted);
				assertThat(Thread.currentThread().isInterrupted()).isTrue();
			}
			finally {
				Thread.interrupted();
			}
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds)
				.containsExactly("giveup Service#interrupted default interrupted");
		});
	}

	@Test
	void anInterruptDuringAPlainMethodsWaitEndsRetryingWithTheLastFailure() {
		this.atOnce.run((context) -> {
			Service service = context.getBean(Service.class);
			try {
				assertThatIOException().isThrownBy(service::interruptedBeforeTheWait).withMessage("down");
				assertThat(Thread.currentThread().isInterrupted()).isTrue();
			}
			finally {
				Thread.interrupted();
			}
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(FakeTime.class).elapsed()).isZero();
			assertThat(context.getBean(Events.class).kinds).last()
				.isEqualTo("giveup Service#interruptedBeforeTheWait default interrupted");
		});
	}

	// CompletableFuture methods

	@Test
	void aResultPredicateRetriesACompletableFutureMethod() {
		this.atOnce.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThat(service.pollAsync()).isCompletedWithValue("done");
			assertThat(service.calls()).isEqualTo(4);
		});
	}

	@SuppressWarnings("try") // the scope is used for its effect, as the README shows
	@Test
	void noRetryIsReadWhenACompletableFutureMethodIsCalled() {
		this.manual.run((context) -> {
			Service service = context.getBean(Service.class);
			CompletableFuture<String> result;
			try (NoRetry scope = NoRetry.open()) {
				result = service.pendingAsync();
			}
			service.stages().get(0).completeExceptionally(new IOException("down"));
			context.getBean(FakeTime.class).advance(Duration.ofMinutes(1));
			assertThat(service.stages()).hasSize(1);
			assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
				.withCauseInstanceOf(IOException.class);
			assertThat(context.getBean(Events.class).kinds)
				.containsExactly("giveup Service#pendingAsync default no-retry");
		});
	}

	@Test
	void cancellingACompletableFutureMethodsFutureStopsRetrying() {
		this.manual.run((context) -> {
			Service service = context.getBean(Service.class);
			CompletableFuture<String> result = service.failingAsync();
			assertThat(service.calls()).isEqualTo(1);
			result.cancel(true);
			context.getBean(FakeTime.class).advance(Duration.ofMinutes(1));
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds).containsExactly("backoff Service#failingAsync default",
					"giveup Service#failingAsync default cancelled");
		});
	}

	@Test
	void cancellingACompletableFutureMethodsFutureCancelsTheTryInFlight() {
		this.manual.run((context) -> {
			Service service = context.getBean(Service.class);
			CompletableFuture<String> result = service.pendingAsync();
			result.cancel(true);
			assertThat(service.stages()).singleElement().satisfies((stage) -> assertThat(stage).isCancelled());
		});
	}

	@Test
	void anInterruptedExceptionFromACompletableFutureMethodIsNotRetried() {
		this.atOnce.run((context) -> {
			Service service = context.getBean(Service.class);
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> service.interruptedAsync().join())
				.withCauseInstanceOf(InterruptedException.class);
			assertThat(service.calls()).isEqualTo(1);
		});
	}

	// Mono methods

	@Test
	void aResultPredicateRetriesAMonoMethodByResubscribing() {
		this.atOnce.run((context) -> {
			Service service = context.getBean(Service.class);
			StepVerifier.create(service.pollMono()).expectNext("done").verifyComplete();
			assertThat(service.calls()).isEqualTo(4);
			assertThat(context.getBean(Events.class).kinds).last().isEqualTo("success Service#pollMono default");
		});
	}

	@Test
	void aResultPredicateOnAFluxMethodStopsTheApplicationNamingTheMethod() {
		this.atOnce.withBean(Streams.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidBackoffConfigurationException.class)
				.hasMessageContaining("Streams#stream")
				.hasMessageContaining("Flux");
		});
	}

	@SuppressWarnings("try") // the scope is used for its effect, as the README shows
	@Test
	void noRetryAroundAMonoMethodHoldsForASubscriptionAfterTheScopeClosed() {
		this.atOnce.run((context) -> {
			Service service = context.getBean(Service.class);
			Mono<String> mono;
			try (NoRetry scope = NoRetry.open()) {
				mono = service.failingMono();
			}
			StepVerifier.create(mono).expectError(IOException.class).verify(Duration.ofSeconds(5));
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds)
				.containsExactly("giveup Service#failingMono default no-retry");
		});
	}

	@Test
	void disposingAMonoSubscriptionDuringTheWaitCancelsTheRetry() {
		this.manual.run((context) -> {
			Service service = context.getBean(Service.class);
			FakeTime time = context.getBean(FakeTime.class);
			Disposable subscription = service.failingMono().subscribe((value) -> {
			}, (failure) -> {
			});
			assertThat(service.calls()).isEqualTo(1);
			assertThat(time.pending()).isEqualTo(1);
			subscription.dispose();
			time.advance(Duration.ofMinutes(1));
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds).containsExactly("backoff Service#failingMono default",
					"giveup Service#failingMono default cancelled");
		});
	}

	@Test
	void anInterruptedExceptionFromAMonoIsNotRetried() {
		this.atOnce.run((context) -> {
			Service service = context.getBean(Service.class);
			StepVerifier.create(service.interruptedMono())
				.expectError(InterruptedException.class)
				.verify(Duration.ofSeconds(5));
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds)
				.containsExactly("giveup Service#interruptedMono default interrupted");
		});
	}

	public static class Service {

		final AtomicInteger calls = new AtomicInteger();

		/** The stages {@link #pendingAsync()} returned, left for the test to complete. */
		final List<CompletableFuture<String>> stages = new CopyOnWriteArrayList<>();

		// the test reads these through the CGLIB proxy, whose own fields are unset
		public int calls() {
			return this.calls.get();
		}

		public List<CompletableFuture<String>> stages() {
			return this.stages;
		}

		private String poll() {
			return (this.calls.incrementAndGet() <= 3) ? "pending" : "done";
		}

		@Retryable
		public String interrupted() throws InterruptedException {
			this.calls.incrementAndGet();
			throw new InterruptedException("call interrupted");
		}

		@Retryable
		public String interruptedBeforeTheWait() throws IOException {
			this.calls.incrementAndGet();
			Thread.currentThread().interrupt();
			throw new IOException("down");
		}

		@Retryable(retryOnResult = Pending.class)
		public CompletableFuture<String> pollAsync() {
			return CompletableFuture.completedFuture(poll());
		}

		@Retryable
		public CompletableFuture<String> failingAsync() {
			this.calls.incrementAndGet();
			return CompletableFuture.failedFuture(new IOException("down"));
		}

		@Retryable
		public CompletableFuture<String> pendingAsync() {
			CompletableFuture<String> stage = new CompletableFuture<>();
			this.stages.add(stage);
			return stage;
		}

		@Retryable
		public CompletableFuture<String> interruptedAsync() {
			this.calls.incrementAndGet();
			return CompletableFuture.failedFuture(new InterruptedException("worker interrupted"));
		}

		@Retryable(retryOnResult = Pending.class)
		public Mono<String> pollMono() {
			return Mono.fromCallable(this::poll);
		}

		@Retryable
		public Mono<String> failingMono() {
			return Mono.defer(() -> {
				this.calls.incrementAndGet();
				return Mono.error(new IOException("down"));
			});
		}

		@Retryable
		public Mono<String> interruptedMono() {
			return Mono.defer(() -> {
				this.calls.incrementAndGet();
				return Mono.error(new InterruptedException("subscriber interrupted"));
			});
		}

	}

	public static class Streams {

		@Retryable(retryOnResult = Pending.class)
		public Flux<String> stream() {
			return Flux.just("pending");
		}

	}

}
