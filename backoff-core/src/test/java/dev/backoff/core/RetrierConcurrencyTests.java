package dev.backoff.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetrierConcurrencyTests {

	@Test
	void manyThreadsShareOneRetrierWithoutInterfering() throws Exception {
		AtomicInteger successes = new AtomicInteger();
		AtomicInteger backoffs = new AtomicInteger();
		AtomicInteger sleeps = new AtomicInteger();
		Retrier retrier = RetryRegistry.builder()
			.sleeper((duration) -> sleeps.incrementAndGet())
			.listener(new RetryListener() {
				@Override
				public void onSuccess(RetryEvent event) {
					successes.incrementAndGet();
				}

				@Override
				public void onBackoff(RetryEvent event) {
					backoffs.incrementAndGet();
				}
			})
			.build()
			.newRetrier("shared", RetrySettings.builder().base(Duration.ofMillis(1)).cap(Duration.ofMillis(5)).build());
		int threads = 8;
		int callsPerThread = 500;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> results = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> {
					start.await();
					int ok = 0;
					for (int i = 0; i < callsPerThread; i++) {
						int failuresBeforeSuccess = i % 3;
						AtomicInteger tries = new AtomicInteger();
						String result = retrier.call(() -> {
							if (tries.getAndIncrement() < failuresBeforeSuccess) {
								throw new IOException();
							}
							return "ok";
						});
						assertThat(tries).hasValue(failuresBeforeSuccess + 1);
						ok += result.equals("ok") ? 1 : 0;
					}
					return ok;
				}));
			}
			start.countDown();
			for (Future<Integer> result : results) {
				assertThat(result.get()).isEqualTo(callsPerThread);
			}
		}
		finally {
			pool.shutdownNow();
		}
		int calls = threads * callsPerThread;
		// i % 3 failures per call: 0, 1, 2 in turn
		int expectedBackoffs = threads * (callsPerThread / 3 * 3 + ((callsPerThread % 3 == 2) ? 1 : 0));
		assertThat(successes).hasValue(calls);
		assertThat(backoffs).hasValue(expectedBackoffs);
		assertThat(sleeps).hasValue(expectedBackoffs);
	}

}
