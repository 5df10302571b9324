package dev.backoff.core;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Retrying at several layers multiplies the calls (a classic cause of retry storms): by
 * default a retrier inside another one's try makes one try and leaves the retrying to the
 * outer one.
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

}
