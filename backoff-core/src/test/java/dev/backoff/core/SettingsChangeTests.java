package dev.backoff.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Settings changed while calls run: several entries swapped as one, a running call kept
 * on the settings it started with, budgets kept unless their capacity changes, and an
 * entry switched off.
 */
@ExtendWith(QuietEngineLog.class)
class SettingsChangeTests {

	@Test
	void replaceAllSwapsEveryEntryInOneStep() throws Exception {
		RetryRegistry registry = RetryRegistry.builder().settings("a", tries(1)).settings("b", tries(1)).build();
		int rounds = 2_000;
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService readers = Executors.newFixedThreadPool(2);
		try {
			List<Future<Integer>> seen = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				seen.add(readers.submit(() -> {
					int torn = 0;
					// bounded: the writer always finishes; every round reads a, then b
					while (!done.get()) {
						int a = registry.settings("a").maxTries();
						int b = registry.settings("b").maxTries();
						if (b < a) {
							torn++;
						}
					}
					return torn;
				}));
			}
			for (int round = 2; round <= rounds; round++) {
				registry.replaceAll(Map.of("a", tries(round), "b", tries(round)));
			}
			done.set(true);
			for (Future<Integer> each : seen) {
				// b read after a is never older than a: the two were never half-swapped
				assertThat(each.get(10, TimeUnit.SECONDS)).isZero();
			}
		}
		finally {
			readers.shutdownNow();
		}
		assertThat(registry.settings("a").maxTries()).isEqualTo(rounds);
		assertThat(registry.settings("b").maxTries()).isEqualTo(rounds);
		assertThat(registry.names()).containsExactly("a", "b", "default", "interactive");
	}

	@Test
	void replaceAllKeepsTheEntriesItDoesNotName() {
		RetryRegistry registry = RetryRegistry.builder().settings("a", tries(2)).build();
		int version = registry.version();
		registry.replaceAll(Map.of("b", tries(3)));
		assertThat(registry.settings("a").maxTries()).isEqualTo(2);
		assertThat(registry.settings("b").maxTries()).isEqualTo(3);
		assertThat(registry.version()).isEqualTo(version + 1);
	}

	@Test
	void aCallAlreadyRunningKeepsTheSettingsItStartedWith() throws Exception {
		FakeTime time = new FakeTime();
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(time)
			.settings("billing", constant(3).build())
			.build();
		Retrier retrier = registry.retrier("billing");
		int[] calls = { 0 };
		assertThatIOException().isThrownBy(() -> retrier.call(() -> {
			if (calls[0]++ == 0) {
				registry.replace("billing", constant(1).enabled(false).build());
			}
			throw new IOException("down");
		}));
		assertThat(calls[0]).isEqualTo(3);
		Script<String> next = Script.of(new IOException());
		assertThatIOException().isThrownBy(() -> registry.retrier("billing").call(next));
		assertThat(next.calls).hasValue(1);
	}

	@Test
	void budgetsKeepTheirTokensAcrossAChangeThatKeepsTheCapacity() throws Exception {
		FakeTime time = new FakeTime();
		RetryRegistry registry = RetryRegistry.builder().fakeTime(time).settings("billing", budgeted(3, 20)).build();
		assertThatIOException().isThrownBy(() -> registry.retrier("billing").call(Script.of(new IOException())));
		assertThat(registry.budget("billing").available()).isEqualTo(10);
		registry.replace("billing", budgeted(5, 20));
		assertThat(registry.budget("billing").available()).isEqualTo(10);
		assertThat(registry.retrier("billing").call(() -> "ok")).isEqualTo("ok");
		assertThat(registry.budget("billing").available()).isEqualTo(11);
	}

	@Test
	void aNewCapacityStartsAFullBucket() throws Exception {
		FakeTime time = new FakeTime();
		RetryRegistry registry = RetryRegistry.builder().fakeTime(time).settings("billing", budgeted(3, 20)).build();
		assertThatIOException().isThrownBy(() -> registry.retrier("billing").call(Script.of(new IOException())));
		assertThat(registry.budget("billing").available()).isEqualTo(10);
		registry.replace("billing", budgeted(3, 30));
		assertThat(registry.budget("billing").capacity()).isEqualTo(30);
		assertThat(registry.budget("billing").available()).isEqualTo(30);
		assertThatIOException().isThrownBy(() -> registry.retrier("billing").call(Script.of(new IOException())));
		assertThat(registry.budget("billing").available()).isEqualTo(20);
	}

	@Test
	void aDisabledEntryMakesEachCallOnceAndSaysWhy() {
		RecordingListener listener = new RecordingListener();
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.listener(listener)
			.settings("billing", constant(5).enabled(false).build())
			.build();
		Script<String> script = Script.of(new IOException());
		assertThatIOException().isThrownBy(() -> registry.retrier("billing").call(script));
		assertThat(script.calls).hasValue(1);
		assertThat(listener.kinds).containsExactly("giveup:1:disabled");
		assertThat(listener.last().reason()).isEqualTo(GiveUpReason.DISABLED);
		assertThat(GiveUpReason.DISABLED.tag()).isEqualTo("disabled");
	}

	@Test
	void aDisabledEntryTakesNoRetryForAResultEither() throws Exception {
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.settings("polling", constant(5).enabled(false).retryOnResult((result) -> "pending".equals(result)).build())
			.build();
		Script<String> script = Script.of("pending", "ready");
		assertThat(registry.retrier("polling").call(script)).isEqualTo("pending");
		assertThat(script.calls).hasValue(1);
	}

	@Test
	void aDisabledEntryMakesAnAsynchronousCallOnce() {
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.settings("billing", constant(5).enabled(false).build())
			.build();
		int[] calls = { 0 };
		CompletableFuture<String> future = registry.retrier("billing").callAsync(() -> {
			calls[0]++;
			return CompletableFuture.failedFuture(new IOException("down"));
		});
		assertThat(future).isCompletedExceptionally();
		assertThat(calls[0]).isEqualTo(1);
	}

	@Test
	void enabledIsOnByDefaultAndSurvivesToBuilder() {
		assertThat(RetrySettings.defaults().enabled()).isTrue();
		RetrySettings off = RetrySettings.builder().enabled(false).build();
		assertThat(off.toBuilder().maxTries(2).build().enabled()).isFalse();
		assertThat(off.toString()).contains("enabled=false");
	}

	@Test
	void callsDuringReplacementsSeeOneVersionOrTheOther() throws Exception {
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.settings("billing", constant(2).build())
			.build();
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try {
			List<Future<List<Integer>>> results = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				results.add(callers.submit(() -> {
					List<Integer> odd = new ArrayList<>();
					started.countDown();
					while (!done.get()) {
						Script<String> script = Script.of(new IOException());
						try {
							registry.retrier("billing").call(script);
						}
						catch (IOException expected) {
							// every call fails
						}
						if (script.calls.get() != 2 && script.calls.get() != 3) {
							odd.add(script.calls.get());
						}
					}
					return odd;
				}));
			}
			started.await(10, TimeUnit.SECONDS);
			for (int round = 0; round < 1_000; round++) {
				registry.replace("billing", constant(2 + (round % 2)).build());
			}
			done.set(true);
			for (Future<List<Integer>> each : results) {
				assertThat(each.get(10, TimeUnit.SECONDS)).isEmpty();
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	private static RetrySettings tries(int maxTries) {
		return RetrySettings.builder().maxTries(maxTries).build();
	}

	private static RetrySettings.Builder constant(int maxTries) {
		return TestSettings.constant(0).maxTries(maxTries);
	}

	private static RetrySettings budgeted(int maxTries, int capacity) {
		return TestSettings.constant(0).maxTries(maxTries).budget(new BudgetSettings(true, capacity, 5, 1, 0)).build();
	}

}
