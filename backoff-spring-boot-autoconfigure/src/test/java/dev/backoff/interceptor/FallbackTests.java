package dev.backoff.interceptor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.core.NoRetry;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code @Retryable(fallback = ...)}: called when retrying gives up, for any reason, in
 * every form; checked when the bean is created.
 */
class FallbackTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withPropertyValues("backoff.settings.default.max-tries=3");

	@Test
	void aPlainMethodReturnsTheFallbacksValueWhenRetryingGivesUp() {
		this.runner.withBean(Invoices.class).run((context) -> {
			Invoices invoices = context.getBean(Invoices.class);
			assertThat(invoices.fetch("42")).isEqualTo("cached 42 after IOException");
			assertThat(invoices.calls()).isEqualTo(3);
		});
	}

	@Test
	void theFallbackIsCalledForEveryGiveUpReason() {
		this.runner.withBean(Invoices.class).run((context) -> {
			Invoices invoices = context.getBean(Invoices.class);
			assertThat(invoices.missing("7")).as("give-up-on").isEqualTo("not found 7");
			assertThat(invoices.calls()).isEqualTo(1);
			assertThat(NoRetry.call(() -> invoices.fetch("8"))).as("no-retry").isEqualTo("cached 8 after IOException");
			assertThat(invoices.calls()).isEqualTo(2);
			assertThat(invoices.pending("9")).as("a result still rejected at the end").isEqualTo("gave up on 9");
		});
	}

	@Test
	void theMostSpecificExceptionParameterWinsAndOneWithoutTakesTheRest() {
		this.runner.withBean(Invoices.class).run((context) -> {
			Invoices invoices = context.getBean(Invoices.class);
			assertThat(invoices.missing("1")).isEqualTo("not found 1");
			assertThat(invoices.broken("2")).isEqualTo("any failure 2");
		});
	}

	@Test
	void aFallbackThatThrowsReachesTheCallerWithItsOwnException() {
		this.runner.withBean(Invoices.class)
			.run((context) -> assertThatIllegalStateException()
				.isThrownBy(() -> context.getBean(Invoices.class).angry("3"))
				.withMessage("fallback failed too"));
	}

	@Test
	void aFailureNoFallbackTakesReachesTheCallerAsItWas() {
		this.runner.withBean(Invoices.class)
			.run((context) -> assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> context.getBean(Invoices.class).picky("4"))
				.withMessage("bad 4"));
	}

	@Test
	void asynchronousAndReactiveMethodsFallBackToAValueOrTheirOwnType() {
		this.runner.withBean(Invoices.class).run((context) -> {
			Invoices invoices = context.getBean(Invoices.class);
			assertThat(invoices.fetchAsync("5").join()).isEqualTo("async cached 5");
			assertThat(invoices.fetchMono("6").block()).isEqualTo("mono cached 6");
		});
	}

	@Test
	void aMissingOrMisfittingFallbackStopsStartUp() {
		this.runner.withBean(Misfits.class)
			.run((context) -> assertThat(problems(context)).containsExactlyInAnyOrder(
					"@Retryable(fallback = \"nothing\") on Misfits#missing names no method of Misfits that takes "
							+ "(java.lang.String) or (java.lang.String, a Throwable) and returns java.lang.String",
					"@Retryable(fallback = \"wrongParameters\") on Misfits#parameters names no method of Misfits that "
							+ "takes (java.lang.String) or (java.lang.String, a Throwable) and returns java.lang.String",
					"@Retryable(fallback = \"wrongType\") on Misfits#type names no method of Misfits that takes "
							+ "(java.lang.String) or (java.lang.String, a Throwable) and returns java.lang.String"));
	}

	private static List<String> problems(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(cause).isInstanceOf(InvalidBackoffConfigurationException.class);
		return ((InvalidBackoffConfigurationException) cause).getProblems()
			.stream()
			.map(InvalidBackoffConfigurationException.Problem::description)
			.toList();
	}

	public static class Invoices {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Retryable(fallback = "cached")
		public String fetch(String id) throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("down");
		}

		String cached(String id, IOException failure) {
			return "cached " + id + " after " + failure.getClass().getSimpleName();
		}

		@Retryable(fallback = "notFound", giveUpOn = FileNotFoundException.class)
		public String missing(String id) throws IOException {
			this.calls.incrementAndGet();
			throw new FileNotFoundException(id);
		}

		String notFound(String id, FileNotFoundException failure) {
			return "not found " + id;
		}

		String notFound(String id, IOException failure) {
			return "io " + id;
		}

		@Retryable(fallback = "notFound", giveUpOn = IllegalStateException.class)
		public String broken(String id) {
			throw new IllegalStateException("broken");
		}

		String notFound(String id) {
			return "any failure " + id;
		}

		@Retryable(fallback = "gaveUp", retryOnResult = IsPending.class)
		public String pending(String id) {
			return "pending";
		}

		String gaveUp(String id) {
			return "gave up on " + id;
		}

		@Retryable(fallback = "throwing")
		public String angry(String id) throws IOException {
			throw new IOException("down");
		}

		String throwing(String id, IOException failure) {
			throw new IllegalStateException("fallback failed too");
		}

		@Retryable(fallback = "ioOnly")
		public String picky(String id) {
			throw new IllegalArgumentException("bad " + id);
		}

		String ioOnly(String id, IOException failure) {
			return "io";
		}

		@Retryable(fallback = "asyncCached")
		public CompletableFuture<String> fetchAsync(String id) {
			return CompletableFuture.failedFuture(new IOException("down"));
		}

		String asyncCached(String id) {
			return "async cached " + id;
		}

		@Retryable(fallback = "monoCached")
		public Mono<String> fetchMono(String id) {
			return Mono.error(new IOException("down"));
		}

		Mono<String> monoCached(String id, Throwable failure) {
			return Mono.just("mono cached " + id);
		}

	}

	public static class IsPending implements java.util.function.Predicate<String> {

		@Override
		public boolean test(String value) {
			return "pending".equals(value);
		}

	}

	public static class Misfits {

		@Retryable(fallback = "nothing")
		public String missing(String id) {
			return id;
		}

		@Retryable(fallback = "wrongParameters")
		public String parameters(String id) {
			return id;
		}

		String wrongParameters(Integer id) {
			return "";
		}

		@Retryable(fallback = "wrongType")
		public String type(String id) {
			return id;
		}

		Integer wrongType(String id) {
			return 0;
		}

	}

}
