package dev.backoff.core;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Retrying at several layers multiplies the calls (a classic cause of retry storms): by
 * default a retrier inside another one's try makes one try for a failure the outer one
 * would retry too, and leaves the retrying to it. A failure that no enclosing layer
 * retries is retried where it is, as Python backoff's stacked decorators do.
 */
class NestedRetryTests {

	private final RecordingListener listener = new RecordingListener();

	private RetryRegistry registry(boolean allowNested) {
		RetrySettings settings = RetrySettings.builder()
			.strategy(WaitStrategy.constant())
			.base(Duration.ofMillis(10))
			.jitter(Jitter.none())
			.build();
		return RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.nestedRetries(allowNested)
			.listener(this.listener)
			.settings("outer", settings)
			.settings("inner", settings)
			.build();
	}

	@Test
	void anInnerRetrierMakesOneTryPerOuterTry() {
		RetryRegistry registry = registry(false);
		AtomicInteger calls = new AtomicInteger();
		Retrier inner = registry.retrier("inner");
		assertThatIOException().isThrownBy(() -> registry.retrier("outer").call(() -> inner.call(() -> {
			calls.incrementAndGet();
			throw new IOException("down");
		})));
		assertThat(calls).hasValue(11);
		assertThat(this.listener.kinds).filteredOn((kind) -> kind.endsWith("nested")).hasSize(11);
		assertThat(this.listener.kinds).last().isEqualTo("giveup:11:max-tries");
	}

	@Test
	void allowingNestedRetriesMultipliesTheCalls() {
		RetryRegistry registry = registry(true);
		AtomicInteger calls = new AtomicInteger();
		Retrier inner = registry.retrier("inner");
		assertThatIOException().isThrownBy(() -> registry.retrier("outer").call(() -> inner.call(() -> {
			calls.incrementAndGet();
			throw new IOException("down");
		})));
		assertThat(calls).hasValue(121);
	}

	@Test
	void aRetrierCalledAfterAnotherHasReturnedRetriesFreely() throws Exception {
		RetryRegistry registry = registry(false);
		registry.retrier("outer").call(() -> "done");
		Script<String> script = Script.of(new IOException("once"), "ok");
		assertThat(registry.retrier("inner").call(script)).isEqualTo("ok");
		assertThat(script.calls).hasValue(2);
	}

	@Test
	void theLayersAreTheCallsRunningNowNotTheLastOnesThatRanOnTheThread() {
		RetryRegistry registry = registry(false);
		registry.replace("narrow",
				registry.settings("outer").toBuilder().retryOn(List.of(IllegalStateException.class)).build());
		Retrier inner = registry.retrier("inner");
		AtomicInteger calls = new AtomicInteger();
		Callable<String> failing = () -> inner.call(() -> {
			calls.incrementAndGet();
			throw new IOException("down");
		});
		assertThatIOException().isThrownBy(() -> registry.retrier("outer").call(failing));
		assertThat(calls).hasValue(11);
		calls.set(0);
		// the thread's first slot still names "outer" until "narrow" takes it: "narrow"
		// does not retry an IOException, so the inner retrier retries it itself
		assertThatIOException().isThrownBy(() -> registry.retrier("narrow").call(failing));
		assertThat(calls).hasValue(11);
	}

	@Test
	void aThreadKeepsNoSettingsAliveAfterItsRetryingCallsEnd() throws Exception {
		WeakReference<Object> predicate = callOnceWithAResultPredicate();
		for (int i = 0; i < 20 && predicate.get() != null; i++) {
			System.gc();
		}
		assertThat(predicate.get()).as("the settings' result predicate, after the call").isNull();
	}

	/** Runs a retrying call under settings no one else holds, and forgets them. */
	private static WeakReference<Object> callOnceWithAResultPredicate() throws Exception {
		// capturing, so that the predicate is an object of this call's own
		Object none = new Object();
		Predicate<Object> retryOnNull = (result) -> result == none;
		Retrier retrier = Retrier.of(RetrySettings.builder().retryOnResult(retryOnNull).build());
		assertThat(retrier.call(() -> "ok")).isEqualTo("ok");
		return new WeakReference<>(retryOnNull);
	}

	@Test
	void anAsynchronousCallMadeInsideATryIsNestedToo() {
		RetryRegistry registry = registry(false);
		AtomicInteger calls = new AtomicInteger();
		Retrier inner = registry.retrier("inner");
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> registry.retrier("outer").call(() -> inner.callAsync(() -> {
				calls.incrementAndGet();
				return CompletableFuture.<String>failedFuture(new IOException("down"));
			}).join()));
		assertThat(calls).hasValue(11);
	}

	@Test
	void thePythonBackoffReadmesThreeStackedDecoratorsEachRetryTheirOwnCase() throws Exception {
		// @backoff.on_predicate(backoff.fibo, max_value=13)
		// @backoff.on_exception(backoff.expo, requests.exceptions.HTTPError, max_tries=4)
		// @backoff.on_exception(backoff.expo, requests.exceptions.TimeoutError,
		// max_tries=8)
		// def poll_for_message(queue):
		// return queue.get()
		NamedEvents events = new NamedEvents();
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.listener(events)
			.settings("predicate",
					RetrySettings.builder()
						.strategy(WaitStrategy.fibonacci())
						.cap(Duration.ofSeconds(13))
						.jitter(Jitter.none())
						.maxTries(Integer.MAX_VALUE)
						.retryOn(List.of())
						.retryOnResult((message) -> message == null || "".equals(message))
						.build())
			.settings("http-error",
					RetrySettings.builder()
						.strategy(WaitStrategy.exponential(2))
						.maxTries(4)
						.retryOn(List.of(HttpError.class))
						.build())
			.settings("timeout",
					RetrySettings.builder()
						.strategy(WaitStrategy.exponential(2))
						.maxTries(8)
						.retryOn(List.of(TimeoutError.class))
						.build())
			.build();
		Script<String> queue = Script.of(new TimeoutError(), new TimeoutError(), new TimeoutError(), new HttpError(),
				new HttpError(), "", "", "message");
		Retrier predicate = registry.retrier("predicate");
		Retrier httpError = registry.retrier("http-error");
		Retrier timeout = registry.retrier("timeout");

		String message = predicate.call(() -> httpError.call(() -> timeout.call(queue)));

		assertThat(message).isEqualTo("message");
		assertThat(queue.calls).hasValue(8);
		assertThat(events.retries("timeout")).as("the timeouts, retried by the innermost layer").isEqualTo(3);
		assertThat(events.retries("http-error")).as("the HTTP errors, left to the middle layer").isEqualTo(2);
		assertThat(events.retries("predicate")).as("the empty results, left to the outer layer").isEqualTo(2);
		assertThat(events.kinds).filteredOn((kind) -> kind.startsWith("timeout:giveup"))
			.as("it would not retry them anyway")
			.containsExactly("timeout:giveup:4:not-retryable", "timeout:giveup:1:not-retryable");
	}

	@Test
	void anEnclosingLayersRemainingLimitsDoNotMatterOnlyWhetherItRetriesTheFailure() {
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.settings("outer", TestSettings.constant(10).maxTries(2).build())
			.settings("inner", TestSettings.constant(10).maxTries(5).build())
			.build();
		AtomicInteger calls = new AtomicInteger();
		Retrier inner = registry.retrier("inner");
		assertThatIOException().isThrownBy(() -> registry.retrier("outer").call(() -> inner.call(() -> {
			calls.incrementAndGet();
			throw new IOException("down");
		})));
		assertThat(calls).as("one try per outer try, its last one included").hasValue(2);
	}

	@Test
	void aFailureOnlyTheInnerLayerRetriesIsRetriedThereAsynchronouslyToo() throws Exception {
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.settings("outer", TestSettings.constant(10).retryOn(List.of(IllegalStateException.class)).build())
			.settings("inner", TestSettings.constant(10).retryOn(List.of(IOException.class)).build())
			.build();
		Retrier inner = registry.retrier("inner");
		Script<String> script = Script.of(new IOException("once"), new IOException("twice"), "ok");
		CompletableFuture<String> result = registry.retrier("outer")
			.call(() -> inner.callAsync(() -> CompletableFuture.supplyAsync(() -> call(script), Runnable::run)));
		assertThat(result.join()).isEqualTo("ok");
		assertThat(script.calls).hasValue(3);
	}

	@Test
	void aRetrierInsideAnAsynchronousRetryOnAnotherThreadStillKnowsTheLayersAroundThatCall() throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			RetryRegistry registry = RetryRegistry.builder()
				.fakeTime(new FakeTime())
				.executor(executor)
				.settings("outer", TestSettings.constant(10).retryOn(List.of(IOException.class)).build())
				.settings("middle", TestSettings.constant(10).retryOn(List.of(IllegalStateException.class)).build())
				.settings("inner", TestSettings.constant(10).build())
				.build();
			AtomicInteger innerCalls = new AtomicInteger();
			Retrier middle = registry.retrier("middle");
			Retrier inner = registry.retrier("inner");
			AtomicInteger middleTries = new AtomicInteger();
			// the middle layer's retry runs on the executor's thread, where no outer try
			// is on the stack
			CompletableFuture<String> result = registry.retrier("outer").call(() -> middle.callAsync(() -> {
				if (middleTries.incrementAndGet() == 1) {
					return CompletableFuture.failedFuture(new IllegalStateException("first"));
				}
				return CompletableFuture.completedFuture(call(() -> inner.call(() -> {
					innerCalls.incrementAndGet();
					throw new IOException("down");
				})));
			}));
			assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
				.withCauseInstanceOf(IOException.class);
			assertThat(middleTries).hasValue(2);
			assertThat(innerCalls).as("an IOException is the outer layer's to retry, on any thread").hasValue(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static String call(Callable<String> callable) {
		try {
			return callable.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new CompletionException(ex);
		}
	}

	/** requests.exceptions.HTTPError */
	static class HttpError extends RuntimeException {

	}

	/** requests.exceptions.Timeout */
	static class TimeoutError extends RuntimeException {

	}

	/** Records {@code name:kind:tries[:reason]}. */
	static class NamedEvents implements RetryListener {

		final List<String> kinds = new CopyOnWriteArrayList<>();

		@Override
		public void onBackoff(RetryEvent event) {
			this.kinds.add(event.name() + ":backoff:" + event.tries());
		}

		@Override
		public void onGiveUp(RetryEvent event) {
			this.kinds.add(event.name() + ":giveup:" + event.tries() + ":" + event.reason().tag());
		}

		long retries(String name) {
			return this.kinds.stream().filter((kind) -> kind.startsWith(name + ":backoff")).count();
		}

	}

}
