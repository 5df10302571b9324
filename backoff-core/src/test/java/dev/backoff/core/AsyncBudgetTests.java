package dev.backoff.core;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A retry budget that answers later, as one kept in a shared store does: the non-blocking
 * drivers never ask it with the blocking {@link RetryBudget#tryAcquire}, back off only
 * once it has allowed the retry, and give up with reason {@code budget} when it refuses.
 */
@ExtendWith(QuietEngineLog.class)
class AsyncBudgetTests {

	private final FakeTime time = new FakeTime();

	private final RecordingListener listener = new RecordingListener();

	private final LaterBudget budget = new LaterBudget();

	private final Retrier retrier = RetryRegistry.builder()
		.fakeTime(this.time)
		.listener(this.listener)
		.budgetStore((key, settings) -> this.budget)
		.build()
		.newRetrier("remote", TestSettings.constant(10).budget(new BudgetSettings(true, 50, 5, 1, 0)).build());

	@Test
	void anAsynchronousCallBacksOffOnlyOnceTheBudgetHasAllowedTheRetry() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> call = this.retrier.callAsync(() -> (calls.incrementAndGet() == 1)
				? CompletableFuture.failedFuture(new IOException("down")) : CompletableFuture.completedFuture("ok"));
		assertThat(this.budget.asked).containsExactly(5);
		assertThat(this.listener.kinds).as("no backoff before the budget answers").isEmpty();
		assertThat(call).isNotDone();
		this.budget.answer(true);
		assertThat(this.listener.kinds).containsExactly("backoff:1", "success:2");
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(10));
		assertThat(call).isCompletedWithValue("ok");
		assertThat(this.budget.blockingCalls).as("the blocking form is never used").hasValue(0);
	}

	@Test
	void aRefusalGivesUpWithReasonBudgetAndTheLastFailure() {
		CompletableFuture<String> call = this.retrier
			.callAsync(() -> CompletableFuture.failedFuture(new IOException("down")));
		this.budget.answer(false);
		assertThat(this.listener.kinds).containsExactly("giveup:1:budget");
		assertThat(this.time.waits()).isEmpty();
		assertThat(call).isCompletedExceptionally();
		assertThatExceptionOfType(Exception.class).isThrownBy(call::join).withCauseInstanceOf(IOException.class);
	}

	@Test
	void anAnswerThatFailsCountsAsARefusal() {
		CompletableFuture<String> call = this.retrier
			.callAsync(() -> CompletableFuture.failedFuture(new IOException("down")));
		this.budget.pending.get(0).completeExceptionally(new IllegalStateException("a broken store"));
		assertThat(this.listener.kinds).containsExactly("giveup:1:budget");
		assertThat(call).isCompletedExceptionally();
	}

	@Test
	void cancellingWhileTheBudgetAnswersMakesNoRetryAndGivesTheTokensBack() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> call = this.retrier.callAsync(() -> {
			calls.incrementAndGet();
			return CompletableFuture.failedFuture(new IOException("down"));
		});
		call.cancel(true);
		this.budget.answer(true);
		assertThat(calls).hasValue(1);
		assertThat(this.listener.kinds).containsExactly("giveup:1:cancelled");
		assertThat(this.budget.released).containsExactly(5);
		assertThatExceptionOfType(CancellationException.class).isThrownBy(call::join);
	}

	@Test
	void theBlockingFormAsksWithTheBlockingCall() throws Exception {
		this.budget.blockingAnswer = true;
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.retrier.call(() -> {
			if (calls.incrementAndGet() == 1) {
				throw new IOException("down");
			}
			return "ok";
		})).isEqualTo("ok");
		assertThat(this.budget.blockingCalls).hasValue(1);
		assertThat(this.budget.asked).isEmpty();
	}

	/** A bucket whose asynchronous answers wait until the test gives them. */
	static final class LaterBudget implements RetryBudget {

		final List<Integer> asked = new CopyOnWriteArrayList<>();

		final List<CompletableFuture<Boolean>> pending = new CopyOnWriteArrayList<>();

		final List<Integer> released = new CopyOnWriteArrayList<>();

		final AtomicInteger blockingCalls = new AtomicInteger();

		volatile boolean blockingAnswer;

		@Override
		public boolean tryAcquire(int tokens) {
			this.blockingCalls.incrementAndGet();
			return this.blockingAnswer;
		}

		@Override
		public CompletionStage<Boolean> tryAcquireAsync(int tokens) {
			this.asked.add(tokens);
			CompletableFuture<Boolean> answer = new CompletableFuture<>();
			this.pending.add(answer);
			return answer;
		}

		/** Answers the oldest question still open. */
		void answer(boolean taken) {
			for (CompletableFuture<Boolean> question : this.pending) {
				if (!question.isDone()) {
					question.complete(taken);
					return;
				}
			}
			throw new IllegalStateException("No question is open");
		}

		@Override
		public void release(int tokens) {
			this.released.add(tokens);
		}

		@Override
		public int available() {
			return 0;
		}

		@Override
		public int capacity() {
			return 50;
		}

	}

}
