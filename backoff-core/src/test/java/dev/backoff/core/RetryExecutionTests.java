package dev.backoff.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.core.test.FakeTime;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The state machine itself, driven directly through {@link Retrier#start} and
 * {@link Retrier#prepare} with {@link FakeTime}: every give-up reason, the waits it
 * returns, what {@link RetryExecution#outcome()} hands the caller, events, budget and
 * isolation.
 */
@ExtendWith(QuietEngineLog.class)
@SuppressWarnings("try") // NoRetry scopes are opened for their effect, as the README
							// shows
class RetryExecutionTests {

	private static final OutcomeWait REPLY_RETRY_AFTER = (result, failure) -> (result instanceof Reply reply)
			? reply.retryAfter() : null;

	private final FakeTime time = new FakeTime();

	private final RecordingListener listener = new RecordingListener();

	@AfterEach
	void clearTheInterruptFlag() {
		Thread.interrupted();
	}

	private RetryRegistry.Builder registry() {
		return RetryRegistry.builder()
			.fakeTime(this.time)
			.listener(this.listener)
			.statusCodeExtractor(HttpFailure.EXTRACTOR)
			.random(new Random(1));
	}

	private Retrier retrier(RetrySettings.Builder settings) {
		return registry().build().newRetrier("test", settings.build());
	}

	@Test
	void eachRetryRunsInTheScopesOfTheCallListenersThatHaveOneClosedInReverse() throws Exception {
		List<String> trace = new ArrayList<>();
		RetryListener withoutScope = new RetryListener() {

			@Override
			public RetryListener.CallListener onFirstFailure(RetryEvent firstFailure) {
				return new RetryListener.CallListener() {
				};
			}

		};
		Retrier retrier = registry().listener(scoped("a", trace))
			.listener(withoutScope)
			.listener(scoped("b", trace))
			.build()
			.newRetrier("test", TestSettings.constant(10).maxTries(3).build());
		assertThat(succeedOnTry(3, retrier, trace)).isEqualTo("ok");
		assertThat(trace).containsExactly("try", "open a", "open b", "try", "close b", "close a", "open a", "open b",
				"try", "close b", "close a");
	}

	@Test
	void aRetryRunsInTheScopeOfTheOneCallListenerThatHasOne() throws Exception {
		List<String> trace = new ArrayList<>();
		Retrier retrier = registry().listener(scoped("a", trace))
			.build()
			.newRetrier("test", TestSettings.constant(10).maxTries(2).build());
		assertThat(succeedOnTry(2, retrier, trace)).isEqualTo("ok");
		assertThat(trace).containsExactly("try", "open a", "try", "close a");
	}

	/** Calls through the retrier a call that fails until its try {@code last}. */
	private static String succeedOnTry(int last, Retrier retrier, List<String> trace) throws Exception {
		AtomicInteger tries = new AtomicInteger();
		return retrier.call(() -> {
			trace.add("try");
			if (tries.incrementAndGet() < last) {
				throw new IOException("down");
			}
			return "ok";
		});
	}

	/** A listener that follows each call with a scope that {@code trace} records. */
	private static RetryListener scoped(String name, List<String> trace) {
		return new RetryListener() {

			@Override
			public RetryListener.CallListener onFirstFailure(RetryEvent firstFailure) {
				return new RetryListener.CallListener() {

					@Override
					public Runnable openScope() {
						trace.add("open " + name);
						return () -> trace.add("close " + name);
					}

				};
			}

		};
	}

	/**
	 * The blocking loop of {@link RetryExecution}'s javadoc, made with {@code time}
	 * passing.
	 */
	private static @Nullable Object drive(RetryExecution execution, Callable<?> call) throws Throwable {
		while (true) {
			Duration wait;
			try {
				wait = execution.onResult(call.call());
			}
			catch (Exception ex) {
				wait = execution.onFailure(ex);
			}
			if (wait == null || !execution.sleep(wait)) {
				return execution.outcome();
			}
		}
	}

	// give-up reasons

	@Test
	void maxTriesEndsRetryingOnTheLastAllowedTry() {
		RetryExecution execution = retrier(TestSettings.constant(10).maxTries(3)).start(null);
		IOException last = new IOException("3");
		assertThat(execution.onFailure(new IOException("1"))).isEqualTo(Duration.ofMillis(10));
		assertThat(execution.onFailure(new IOException("2"))).isEqualTo(Duration.ofMillis(10));
		assertThat(execution.onFailure(last)).isNull();
		assertThat(execution.isDone()).isTrue();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.MAX_TRIES);
		assertThat(execution.tries()).isEqualTo(3);
		assertThatIOException().isThrownBy(execution::outcome).isSameAs(last);
		assertThat(this.listener.kinds).containsExactly("backoff:1", "backoff:2", "giveup:3:max-tries");
	}

	@Test
	void maxTimeShortensTheLastWaitToEndAtTheDeadlineThenAllowsOneMoreTry() {
		Script<String> script = Script.of(new IOException("slow"));
		RetryExecution execution = retrier(TestSettings.constant(600).maxTime(Duration.ofSeconds(1))).start(null);
		assertThatIOException().isThrownBy(() -> drive(execution, script));
		// 0.6 s, then 0.4 s to end exactly at the deadline, and a third try there
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(600), Duration.ofMillis(400));
		assertThat(script.calls).hasValue(3);
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofSeconds(1));
		assertThat(execution.reason()).isEqualTo(GiveUpReason.MAX_TIME);
		assertThat(this.listener.kinds).last().isEqualTo("giveup:3:max-time");
	}

	@Test
	void aStatussMaxTimeShortensTheLastWaitAndEndsRetrying() {
		Retrier retrier = retrier(TestSettings.constant(4000)
			.maxTries(100)
			.cap(Duration.ofSeconds(4))
			.status(503, new StatusOverride(null, null, null, Duration.ofSeconds(10))));
		RetryExecution execution = retrier.start(null);
		assertThatExceptionOfType(HttpFailure.class)
			.isThrownBy(() -> drive(execution, Script.of(new HttpFailure(503))));
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4),
				Duration.ofSeconds(2));
		assertThat(execution.tries()).isEqualTo(4);
		assertThat(execution.reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void retryAfterUpToTheCapIsHonouredExactly() {
		RetryExecution execution = retrier(TestSettings.constant(10).cap(Duration.ofSeconds(30))).start(null);
		assertThat(execution.onFailure(new HttpFailure(503, Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
		assertThat(execution.onFailure(new HttpFailure(503, Duration.ofMillis(1500))))
			.isEqualTo(Duration.ofMillis(1500));
		assertThat(execution.onFailure(new HttpFailure(503, Duration.ofSeconds(-1)))).isEqualTo(Duration.ofMillis(10));
	}

	@Test
	void retryAfterAboveTheCapGivesUpAtOnceWithoutWaiting() {
		HttpFailure tooLong = new HttpFailure(503, Duration.ofSeconds(120));
		RetryExecution execution = retrier(TestSettings.constant(10).cap(Duration.ofSeconds(90))).start(null);
		assertThat(execution.onFailure(tooLong)).isNull();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.RETRY_AFTER);
		assertThat(execution.tries()).isEqualTo(1);
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(execution::outcome).isSameAs(tooLong);
		assertThat(this.listener.kinds).containsExactly("giveup:1:retry-after");
	}

	@Test
	void retryAfterThatWouldCrossMaxTimeGivesUpInsteadOfBeingShortened() {
		RetryExecution execution = retrier(TestSettings.constant(10).maxTime(Duration.ofSeconds(2))).start(null);
		this.time.advance(Duration.ofMillis(500));
		assertThat(execution.onFailure(new HttpFailure(503, Duration.ofMillis(1500))))
			.isEqualTo(Duration.ofMillis(1500));
		this.time.advance(Duration.ofMillis(1400));
		assertThat(execution.onFailure(new HttpFailure(503, Duration.ofMillis(200)))).isNull();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void aFailureThatIsNotRetryOnOrAStatusThatIsNotRetriedIsNotRetryable() {
		Retrier retrier = retrier(TestSettings.constant(10).retryOn(List.of(IOException.class, HttpFailure.class)));
		RetryExecution wrongType = retrier.start(null);
		assertThat(wrongType.onFailure(new IllegalStateException("bug"))).isNull();
		assertThat(wrongType.reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
		RetryExecution wrongStatus = retrier.start(null);
		assertThat(wrongStatus.onFailure(new HttpFailure(400))).isNull();
		assertThat(wrongStatus.reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
		assertThat(this.listener.last().status()).isEqualTo(400);
	}

	@Test
	void aGiveUpOnTypeOrTheGiveUpPredicateEndsRetrying() {
		Retrier retrier = retrier(TestSettings.constant(10)
			.giveUpOn(List.of(FileNotFoundException.class))
			.giveUpWhen((ex) -> "fatal".equals(ex.getMessage())));
		RetryExecution byType = retrier.start(null);
		assertThat(byType.onFailure(new FileNotFoundException("gone"))).isNull();
		assertThat(byType.reason()).isEqualTo(GiveUpReason.GIVE_UP_ON);
		RetryExecution byPredicate = retrier.start(null);
		assertThat(byPredicate.onFailure(new IOException("fatal"))).isNull();
		assertThat(byPredicate.reason()).isEqualTo(GiveUpReason.GIVE_UP_ON);
	}

	@Test
	void noRetryIsReadWhenTheExecutionStartsNotWhenItFails() {
		Retrier retrier = retrier(TestSettings.constant(10));
		RetryExecution insideScope;
		try (NoRetry scope = NoRetry.open()) {
			insideScope = retrier.start(null);
		}
		RetryExecution outsideScope = retrier.start(null);
		try (NoRetry scope = NoRetry.open()) {
			assertThat(insideScope.onFailure(new IOException())).isNull();
			assertThat(outsideScope.onFailure(new IOException())).isEqualTo(Duration.ofMillis(10));
		}
		assertThat(insideScope.reason()).isEqualTo(GiveUpReason.NO_RETRY);
		assertThat(outsideScope.isDone()).isFalse();
	}

	@Test
	void anInterruptedExceptionFromTheCallIsNeverRetriedAndTheFlagIsRestored() {
		InterruptedException interrupt = new InterruptedException("call interrupted");
		RetryExecution execution = retrier(TestSettings.constant(10)).start(null);
		assertThat(execution.onFailure(interrupt)).isNull();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
		assertThatExceptionOfType(InterruptedException.class).isThrownBy(execution::outcome).isSameAs(interrupt);
		assertThat(this.listener.kinds).containsExactly("giveup:1:interrupted");
	}

	@Test
	void aClosedByInterruptExceptionFromTheCallIsNeverRetriedAndTheFlagIsRestored() {
		Retrier retrier = retrier(TestSettings.constant(10).retryOn(List.of(IOException.class)));
		RetryExecution execution = retrier.start(null);
		assertThat(execution.onFailure(new IOException("first"))).isNotNull();
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(execution.onFailure(new ClosedByInterruptException())).isNull();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
	}

	@Test
	void anInterruptFromAnAsynchronousTryEndsRetryingWithoutInterruptingTheThreadThatReportsIt() {
		RetryExecution execution = retrier(TestSettings.constant(10)).prepare(null).start(null);
		assertThat(execution.onFailure(new InterruptedException())).isNull();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void anInterruptDuringTheWaitEndsRetryingKeepsTheFlagAndAttachesTheInterrupt() {
		IOException failure = new IOException("down");
		RetryExecution execution = RetryRegistry.builder().sleeper((duration) -> {
			throw new InterruptedException("woken");
		}).listener(this.listener).build().newRetrier("test", TestSettings.constant(10).build()).start(null);
		Duration wait = execution.onFailure(failure);
		assertThat(execution.sleep(wait)).isFalse();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
		assertThatIOException().isThrownBy(execution::outcome)
			.isSameAs(failure)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class));
	}

	@Test
	void aZeroWaitStillChecksTheInterruptFlag() {
		RetryExecution execution = retrier(TestSettings.constant(0)).start(null);
		Duration wait = execution.onFailure(new IOException());
		assertThat(wait).isZero();
		Thread.currentThread().interrupt();
		assertThat(execution.sleep(wait)).isFalse();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.INTERRUPTED);
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
	}

	@Test
	void cancellingCancelsThePendingWaitAndTheTryInFlightAndStartsNoFurtherTry() {
		FakeTime manual = FakeTime.manual();
		List<Future<?>> timers = new ArrayList<>();
		Retrier retrier = RetryRegistry.builder().fakeTime(manual).scheduler((task, delay) -> {
			Future<?> timer = manual.schedule(task, delay);
			timers.add(timer);
			return timer;
		}).listener(this.listener).build().newRetrier("test", TestSettings.constant(100).build());
		RetryExecution execution = retrier.prepare(null).start(null);
		CompletableFuture<String> inFlight = new CompletableFuture<>();
		execution.inFlight(inFlight);
		IOException failure = new IOException("down");
		AtomicInteger nextTries = new AtomicInteger();
		AtomicInteger stopped = new AtomicInteger();
		execution.schedule(execution.onFailure(failure), nextTries::incrementAndGet, stopped::incrementAndGet);
		assertThat(timers).singleElement().satisfies((timer) -> assertThat(timer.isDone()).isFalse());
		execution.cancel();
		assertThat(timers.get(0).isCancelled()).isTrue();
		manual.advance(Duration.ofMinutes(1));
		assertThat(nextTries).hasValue(0);
		assertThat(stopped).hasValue(0);
		assertThat(inFlight).isCancelled();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.CANCELLED);
		assertThat(this.listener.kinds).containsExactly("backoff:1", "giveup:1:cancelled");
		assertThatIOException().isThrownBy(execution::outcome).isSameAs(failure);
		execution.cancel();
		assertThat(this.listener.kinds).hasSize(2);
	}

	@Test
	void aTryInFlightReportedAfterTheExecutionEndedIsCancelledAtOnce() {
		RetryExecution execution = retrier(TestSettings.constant(10)).prepare(null).start(null);
		execution.cancel();
		CompletableFuture<String> late = new CompletableFuture<>();
		execution.inFlight(late);
		assertThat(late).isCancelled();
		assertThat(execution.onFailure(new IOException())).isNull();
		assertThat(execution.onResult("late")).isNull();
		assertThat(execution.reason()).isEqualTo(GiveUpReason.CANCELLED);
	}

	@Test
	void aSchedulerThatRejectsTheWaitEndsRetryingAsShutdown() {
		Retrier retrier = RetryRegistry.builder().scheduler((task, delay) -> {
			throw new RejectedExecutionException("shut down");
		}).listener(this.listener).build().newRetrier("test", TestSettings.constant(10).build());
		assertShutDown(retrier);
	}

	@Test
	void anExecutorThatRejectsTheNextTryEndsRetryingAsShutdown() {
		Retrier retrier = RetryRegistry.builder().fakeTime(this.time).executor((task) -> {
			throw new RejectedExecutionException("shut down");
		}).listener(this.listener).build().newRetrier("test", TestSettings.constant(10).build());
		assertShutDown(retrier);
	}

	private void assertShutDown(Retrier retrier) {
		RetryExecution execution = retrier.prepare(null).start(null);
		IOException failure = new IOException("down");
		AtomicInteger nextTries = new AtomicInteger();
		CompletableFuture<String> caller = new CompletableFuture<>();
		execution.schedule(execution.onFailure(failure), nextTries::incrementAndGet, () -> execution.complete(caller));
		assertThat(nextTries).hasValue(0);
		assertThat(execution.reason()).isEqualTo(GiveUpReason.SHUTDOWN);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(caller::join).withCause(failure);
		assertThat(this.listener.kinds).last().isEqualTo("giveup:1:shutdown");
	}

	// the wait from the outcome

	@Test
	void aWaitTakenFromAReturnedResultIsHonouredExactlyDespiteJitter() throws Throwable {
		Script<Reply> script = Script.of(new Reply("busy", Duration.ofMillis(7321)), new Reply("done", null));
		Retrier retrier = retrier(RetrySettings.builder()
			.jitter(Jitter.random())
			.base(Duration.ofMillis(100))
			.cap(Duration.ofSeconds(10))
			.retryOnResult((Reply reply) -> reply.state().equals("busy"))
			.outcomeWait(REPLY_RETRY_AFTER));
		assertThat(drive(retrier.start(null), script)).isEqualTo(new Reply("done", null));
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(7321));
	}

	@Test
	void aResultWithoutAWaitFallsBackToTheStrategy() throws Throwable {
		Script<Reply> script = Script.of(new Reply("busy", null), new Reply("busy", Duration.ofSeconds(2)),
				new Reply("busy", Duration.ofSeconds(-3)), new Reply("done", null));
		Retrier retrier = retrier(TestSettings.constant(25)
			.retryOnResult((Reply reply) -> reply.state().equals("busy"))
			.outcomeWait(REPLY_RETRY_AFTER));
		assertThat(drive(retrier.start(null), script)).isEqualTo(new Reply("done", null));
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(25), Duration.ofSeconds(2),
				Duration.ofMillis(25));
	}

	@Test
	void anOutcomeWaitAboveTheCapGivesUpAsRetryAfter() throws Throwable {
		Reply busy = new Reply("busy", Duration.ofMinutes(5));
		Retrier retrier = retrier(TestSettings.constant(25)
			.cap(Duration.ofMinutes(1))
			.retryOnResult((Reply reply) -> reply.state().equals("busy"))
			.outcomeWait(REPLY_RETRY_AFTER));
		RetryExecution execution = retrier.start(null);
		assertThat(drive(execution, Script.of(busy))).isSameAs(busy);
		assertThat(execution.reason()).isEqualTo(GiveUpReason.RETRY_AFTER);
		assertThat(this.time.waits()).isEmpty();
	}

	// events and listeners

	@Test
	void successEventsCarryTheAcceptedResult() throws Throwable {
		Retrier retrier = retrier(TestSettings.constant(10));
		assertThat(drive(retrier.start(null), Script.of(new IOException(), "second"))).isEqualTo("second");
		assertThat(retrier.call(() -> "first")).isEqualTo("first");
		assertThat(this.listener.kinds).containsExactly("backoff:1", "success:2", "success:1");
		assertThat(this.listener.events.get(1).result()).isEqualTo("second");
		assertThat(this.listener.events.get(1).exception()).isNull();
		assertThat(this.listener.events.get(2).result()).isEqualTo("first");
	}

	@Test
	void aListenerThatThrowsAnErrorNeverChangesTheOutcome() throws Throwable {
		RecordingListener after = new RecordingListener();
		RetryListener failing = new RetryListener() {
			@Override
			public void onSuccess(RetryEvent event) {
				throw new StackOverflowError("listener bug");
			}

			@Override
			public void onBackoff(RetryEvent event) {
				throw new AssertionError("listener bug");
			}

			@Override
			public void onGiveUp(RetryEvent event) {
				throw new Error("listener bug");
			}
		};
		Retrier retrier = RetryRegistry.builder()
			.fakeTime(this.time)
			.listener(failing)
			.listener(after)
			.build()
			.newRetrier("test", TestSettings.constant(1).maxTries(2).build());
		assertThat(drive(retrier.start(null), Script.of(new IOException(), "ok"))).isEqualTo("ok");
		assertThat(retrier.call(() -> "first")).isEqualTo("first");
		IOException last = new IOException("last");
		assertThatIOException().isThrownBy(() -> retrier.call(Script.of(new IOException(), last))).isSameAs(last);
		assertThat(after.kinds).containsExactly("backoff:1", "success:2", "success:1", "backoff:1",
				"giveup:2:max-tries");
	}

	@Test
	void concurrentReplacementsAreNeverLost() throws Exception {
		RetryRegistry registry = RetryRegistry.ofDefaults();
		int version = registry.version();
		int threads = 8;
		int namesPerThread = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < namesPerThread; i++) {
						registry.replace("entry-" + thread + "-" + i, RetrySettings.builder().maxTries(i + 1).build());
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> each : done) {
				each.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		Set<String> names = registry.names();
		assertThat(names).hasSize(2 + threads * namesPerThread).contains("entry-0-0", "entry-7-49");
		assertThat(registry.settings("entry-3-41").maxTries()).isEqualTo(42);
		assertThat(registry.version()).isEqualTo(version + threads * namesPerThread);
	}

	// what reaches the caller

	@Test
	void theLastFailureCarriesUpToFiveEarlierDistinctOnesAsSuppressed() {
		RetryExecution execution = retrier(TestSettings.constant(0).maxTries(8)).start(null);
		IOException repeated = new IOException("repeated");
		List<IOException> failures = new ArrayList<>();
		for (int i = 1; i <= 6; i++) {
			failures.add(new IOException("failure " + i));
		}
		failures.forEach(execution::onFailure);
		execution.onFailure(repeated);
		execution.onFailure(repeated);
		assertThat(execution.reason()).isEqualTo(GiveUpReason.MAX_TRIES);
		assertThatIOException().isThrownBy(execution::outcome)
			.isSameAs(repeated)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).containsExactlyElementsOf(failures.subList(1, 6)));
	}

	@Test
	void theOutcomeOfARunningExecutionIsAnError() {
		RetryExecution execution = retrier(TestSettings.constant(10)).start(null);
		execution.onFailure(new IOException());
		assertThatIllegalStateException().isThrownBy(execution::outcome).withMessageContaining("still running");
	}

	@Test
	void aRejectedResultIsReturnedOnGiveUpOrThrownWithRaiseOnGiveUp() throws Throwable {
		RetrySettings.Builder settings = TestSettings.constant(5).maxTries(2).retryOnResult("pending"::equals);
		RetryExecution returning = retrier(settings).start(null);
		assertThat(drive(returning, Script.of("pending"))).isEqualTo("pending");
		assertThat(returning.reason()).isEqualTo(GiveUpReason.MAX_TRIES);
		RetryExecution raising = retrier(settings.raiseOnGiveUp(true)).start(null);
		assertThatExceptionOfType(RetryGiveUpException.class).isThrownBy(() -> drive(raising, Script.of("pending")))
			.satisfies((ex) -> {
				assertThat(ex.getLastResult()).isEqualTo("pending");
				assertThat(ex.getReason()).isEqualTo(GiveUpReason.MAX_TRIES);
			});
	}

	@Test
	void aRejectedResultIsThrownWhenTheCallerEndedTheExecution() {
		RetryExecution execution = retrier(TestSettings.constant(5).retryOnResult("pending"::equals)).prepare(null)
			.start(null);
		assertThat(execution.onResult("pending")).isNotNull();
		execution.cancel();
		assertThatExceptionOfType(RetryGiveUpException.class).isThrownBy(execution::outcome).satisfies((ex) -> {
			assertThat(ex.getLastResult()).isEqualTo("pending");
			assertThat(ex.getReason()).isEqualTo(GiveUpReason.CANCELLED);
		});
	}

	// the budget

	@Test
	void aBudgetAllowsRetriesUntilItsTokensRunOutAndASuccessRefundsOne() throws Exception {
		RetryRegistry registry = registry()
			.settings("budgeted",
					TestSettings.constant(0).maxTries(100).budget(new BudgetSettings(true, 50, 5, 1, 0)).build())
			.build();
		Retrier retrier = registry.retrier("budgeted");
		Script<String> failing = Script.of(new IOException("down"));
		RetryExecution execution = retrier.start(null);
		assertThatIOException().isThrownBy(() -> drive(execution, failing));
		// 50 tokens at 5 a retry: 10 retries after the first try
		assertThat(failing.calls).hasValue(11);
		assertThat(execution.reason()).isEqualTo(GiveUpReason.BUDGET);
		assertThat(this.listener.kinds).last().isEqualTo("giveup:11:budget");
		assertThat(registry.budget("budgeted").available()).isZero();
		assertThat(retrier.call(() -> "ok")).isEqualTo("ok");
		assertThat(registry.budget("budgeted").available()).isEqualTo(1);
	}

	@Test
	void aRetryPacedByRetryAfterCostsTheRetryAfterCost() throws Throwable {
		RetryRegistry registry = registry()
			.settings("budgeted", TestSettings.constant(10).budget(new BudgetSettings(true, 50, 5, 1, 2)).build())
			.build();
		Retrier retrier = registry.retrier("budgeted");
		assertThat(drive(retrier.start(null), Script.of(new HttpFailure(503, Duration.ofSeconds(1)), "ok")))
			.isEqualTo("ok");
		assertThat(registry.budget("budgeted").available()).isEqualTo(50 - 2 + 1);
		assertThat(drive(retrier.start(null), Script.of(new HttpFailure(503), "ok"))).isEqualTo("ok");
		assertThat(registry.budget("budgeted").available()).isEqualTo(49 - 5 + 1);
	}

	// the real sleeper

	@Test
	void theSystemSleeperNeverWakesBeforeTheDeadline() throws InterruptedException {
		Sleeper sleeper = Sleeper.system();
		for (long micros : new long[] { 1, 700, 3000 }) {
			long start = System.nanoTime();
			sleeper.sleep(Duration.ofNanos(micros * 1000));
			assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(micros * 1000);
		}
	}

	@Test
	void theSystemSleeperStopsAtOnceWhenInterrupted() {
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class)
			.isThrownBy(() -> Sleeper.system().sleep(Duration.ofDays(1)));
	}

	record Reply(String state, @Nullable Duration retryAfter) {
	}

}
