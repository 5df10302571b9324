package dev.backoff.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SuppressWarnings("try") // NoRetry scopes are opened for their effect, as the README
							// shows
class RetrierAsyncTests {

	private final FakeTime time = new FakeTime();

	private final RecordingListener listener = new RecordingListener();

	private Retrier retrier(RetrySettings.Builder settings) {
		return retrier(this.time, settings);
	}

	private Retrier retrier(FakeTime time, RetrySettings.Builder settings) {
		return RetryRegistry.builder()
			.fakeTime(time)
			.listener(this.listener)
			.statusCodeExtractor(HttpFailure.EXTRACTOR)
			.build()
			.newRetrier("async", settings.build());
	}

	@Test
	void failedStagesAreRetriedThroughTheScheduler() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier(TestSettings.constant(10))
			.callAsync(() -> (calls.incrementAndGet() < 3) ? CompletableFuture.failedFuture(new IOException("down"))
					: CompletableFuture.completedFuture("ok"));
		assertThat(result).isCompletedWithValue("ok");
		assertThat(calls).hasValue(3);
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10));
		assertThat(this.listener.kinds).containsExactly("backoff:1", "backoff:2", "success:3");
	}

	@Test
	void theLastOriginalFailureCompletesTheStageWithEarlierOnesSuppressed() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier(TestSettings.constant(10).maxTries(3))
			.callAsync(() -> CompletableFuture.failedFuture(new IOException("try " + calls.incrementAndGet())));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.havingCause()
			.isInstanceOf(IOException.class)
			.withMessage("try 3")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).extracting(Throwable::getMessage)
				.containsExactly("try 1", "try 2"));
		assertThat(this.listener.kinds).last().isEqualTo("giveup:3:max-tries");
	}

	@Test
	void aSupplierThatThrowsIsTreatedAsAFailedTry() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier(TestSettings.constant(1)).callAsync(() -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("not yet");
			}
			return CompletableFuture.completedFuture("ok");
		});
		assertThat(result).isCompletedWithValue("ok");
	}

	@Test
	void statusRulesApplyToAsyncCallsToo() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier(TestSettings.constant(1)).callAsync(
				() -> CompletableFuture.failedFuture(new HttpFailure((calls.incrementAndGet() == 1) ? 503 : 400)));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.withCauseInstanceOf(HttpFailure.class);
		assertThat(calls).hasValue(2);
		assertThat(this.listener.kinds).containsExactly("backoff:1", "giveup:2:not-retryable");
	}

	@Test
	void resultPredicateRetriesAsyncResults() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier(TestSettings.constant(1).retryOnResult("pending"::equals))
			.callAsync(() -> CompletableFuture.completedFuture((calls.incrementAndGet() < 4) ? "pending" : "done"));
		assertThat(result).isCompletedWithValue("done");
	}

	@Test
	void noRetryIsDecidedOnTheCallingThread() {
		CompletableFuture<String> result;
		try (NoRetry scope = NoRetry.open()) {
			result = retrier(TestSettings.constant(1))
				.callAsync(() -> CompletableFuture.failedFuture(new IOException()));
		}
		assertThat(result).isCompletedExceptionally();
		assertThat(this.listener.kinds).containsExactly("giveup:1:no-retry");
	}

	@Test
	void waitsDoNotBlockAnyThread() throws Exception {
		Queue<Runnable> scheduled = new ConcurrentLinkedQueue<>();
		Retrier retrier = RetryRegistry.builder().scheduler((task, delay) -> {
			FutureTask<Void> future = new FutureTask<>(task, null);
			scheduled.add(future);
			return future;
		}).executor(Runnable::run).sleeper((duration) -> {
			throw new AssertionError("an async retry must not sleep");
		}).build().newRetrier("async", TestSettings.constant(5).maxTries(3).build());
		Set<String> threads = ConcurrentHashMap.newKeySet();
		List<CompletableFuture<String>> results = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			AtomicInteger tries = new AtomicInteger();
			results.add(retrier.callAsync(() -> {
				threads.add(Thread.currentThread().getName());
				return (tries.incrementAndGet() < 3) ? CompletableFuture.failedFuture(new IOException())
						: CompletableFuture.completedFuture("ok");
			}));
		}
		// every call returned to the caller with its retry only scheduled
		assertThat(results).noneMatch(CompletableFuture::isDone);
		assertThat(scheduled).hasSize(200);
		ExecutorService worker = Executors.newSingleThreadExecutor((task) -> new Thread(task, "worker"));
		try {
			worker.submit(() -> {
				Runnable task;
				while ((task = scheduled.poll()) != null) {
					task.run();
				}
			}).get(10, TimeUnit.SECONDS);
		}
		finally {
			worker.shutdownNow();
		}
		assertThat(results).allSatisfy((result) -> assertThat(result).isCompletedWithValue("ok"));
		// first tries ran on the caller, retries on the thread that ran the scheduled
		// tasks
		assertThat(threads).containsExactlyInAnyOrder(Thread.currentThread().getName(), "worker");
	}

	@Test
	void aDisabledRegistryCompletesWithTheFirstOutcome() {
		Retrier retrier = RetryRegistry.builder()
			.enabled(false)
			.build()
			.newRetrier("off", TestSettings.constant(1).build());
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier.callAsync(() -> {
			calls.incrementAndGet();
			return CompletableFuture.failedFuture(new IOException("down"));
		});
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.withCauseInstanceOf(IOException.class);
		assertThat(calls).hasValue(1);
	}

	@Test
	void cancellingTheFutureDuringAWaitCancelsItAndStartsNoFurtherTry() {
		FakeTime manual = FakeTime.manual();
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier(manual, TestSettings.constant(100)).callAsync(() -> {
			calls.incrementAndGet();
			return CompletableFuture.failedFuture(new IOException("down"));
		});
		assertThat(result).isNotDone();
		assertThat(result.cancel(true)).isTrue();
		manual.advance(Duration.ofMinutes(1));
		assertThat(calls).hasValue(1);
		assertThat(this.listener.kinds).containsExactly("backoff:1", "giveup:1:cancelled");
	}

	@Test
	void cancellingTheFutureCancelsTheStageInFlight() {
		FakeTime manual = FakeTime.manual();
		List<CompletableFuture<String>> stages = new ArrayList<>();
		CompletableFuture<String> result = retrier(manual, TestSettings.constant(100)).callAsync(() -> {
			CompletableFuture<String> stage = new CompletableFuture<>();
			stages.add(stage);
			if (stages.size() == 1) {
				stage.completeExceptionally(new IOException("down"));
			}
			return stage;
		});
		manual.advance(Duration.ofMillis(100));
		assertThat(stages).hasSize(2);
		result.cancel(true);
		assertThat(stages.get(1)).isCancelled();
		manual.advance(Duration.ofMinutes(1));
		assertThat(stages).hasSize(2);
		assertThat(this.listener.kinds).hasSize(2).first().isEqualTo("backoff:1");
		assertThat(this.listener.last().reason()).isEqualTo(GiveUpReason.CANCELLED);
	}

	@Test
	void noRetryIsReadWhenTheCallIsMadeEvenIfTheStageFailsAfterTheScopeClosed() {
		FakeTime manual = FakeTime.manual();
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> firstStage = new CompletableFuture<>();
		CompletableFuture<String> result;
		try (NoRetry scope = NoRetry.open()) {
			result = retrier(manual, TestSettings.constant(100)).callAsync(
					() -> (calls.incrementAndGet() == 1) ? firstStage : CompletableFuture.completedFuture("retried"));
		}
		firstStage.completeExceptionally(new IOException("down"));
		manual.advance(Duration.ofMinutes(1));
		assertThat(calls).hasValue(1);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.withCauseInstanceOf(IOException.class);
		assertThat(this.listener.kinds).containsExactly("giveup:1:no-retry");
	}

	@Test
	void anInterruptedExceptionAsTheStagesFailureIsNotRetried() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> result = retrier(TestSettings.constant(1))
			.callAsync(() -> (calls.incrementAndGet() == 1)
					? CompletableFuture.failedFuture(new InterruptedException("worker interrupted"))
					: CompletableFuture.completedFuture("ok"));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
			.withCauseInstanceOf(InterruptedException.class);
		assertThat(calls).hasValue(1);
		// the try ran elsewhere: the caller's thread is not the one to interrupt
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(this.listener.kinds).containsExactly("giveup:1:interrupted");
	}

}
