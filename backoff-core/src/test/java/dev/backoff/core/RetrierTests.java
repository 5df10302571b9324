package dev.backoff.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

@SuppressWarnings("try") // NoRetry scopes are opened for their effect, as the README
							// shows
class RetrierTests {

	private final FakeTime time = new FakeTime();

	private final RecordingListener listener = new RecordingListener();

	private Retrier retrier(RetrySettings.Builder settings) {
		return RetryRegistry.builder()
			.fakeTime(this.time)
			.listener(this.listener)
			.statusCodeExtractor(HttpFailure.EXTRACTOR)
			.random(new Random(1))
			.build()
			.newRetrier("test", settings.build());
	}

	@Test
	void successOnTheFirstTryCallsOnceAndNeverWaits() throws Exception {
		Script<String> script = Script.of("ok");
		assertThat(retrier(TestSettings.constant(10)).call(script)).isEqualTo("ok");
		assertThat(script.calls).hasValue(1);
		assertThat(this.time.waits()).isEmpty();
		assertThat(this.listener.kinds).containsExactly("success:1");
	}

	@Test
	void failuresAreRetriedUntilSuccess() throws Exception {
		Script<String> script = Script.of(new IOException("1"), new IOException("2"), "ok");
		assertThat(retrier(TestSettings.constant(10)).call(script)).isEqualTo("ok");
		assertThat(script.calls).hasValue(3);
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10));
		assertThat(this.listener.kinds).containsExactly("backoff:1", "backoff:2", "success:3");
	}

	@Test
	void maxTriesCountsEveryCallIncludingTheFirst() {
		Script<String> script = Script.of(new IOException("down"));
		assertThatIOException().isThrownBy(() -> retrier(TestSettings.constant(10).maxTries(3)).call(script))
			.withMessage("down");
		assertThat(script.calls).hasValue(3);
		assertThat(this.time.waits()).hasSize(2);
		assertThat(this.listener.kinds).containsExactly("backoff:1", "backoff:2", "giveup:3:max-tries");
	}

	@Test
	void maxTriesOfOneMeansASingleCall() {
		Script<String> script = Script.of(new IOException("down"));
		assertThatIOException().isThrownBy(() -> retrier(TestSettings.constant(10).maxTries(1)).call(script));
		assertThat(script.calls).hasValue(1);
		assertThat(this.time.waits()).isEmpty();
	}

	@Test
	void theCallerGetsTheLastOriginalCheckedExceptionWithEarlierOnesSuppressed() {
		IOException first = new IOException("first");
		IOException second = new IOException("second");
		IOException last = new IOException("last");
		Script<String> script = Script.of(first, second, last);
		assertThatIOException().isThrownBy(() -> retrier(TestSettings.constant(0).maxTries(3)).call(script))
			.isSameAs(last)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).containsExactly(first, second));
	}

	@Test
	void suppressedExceptionsAreBoundedToTheMostRecentFive() {
		List<Object> outcomes = new java.util.ArrayList<>();
		for (int i = 0; i < 20; i++) {
			outcomes.add(new IOException("failure " + i));
		}
		Script<String> script = Script.of(outcomes.toArray());
		assertThatIOException().isThrownBy(() -> retrier(TestSettings.constant(0).maxTries(20)).call(script))
			.withMessage("failure 19")
			.satisfies((ex) -> assertThat(ex.getSuppressed()).extracting(Throwable::getMessage)
				.containsExactly("failure 14", "failure 15", "failure 16", "failure 17", "failure 18"));
	}

	@Test
	void theSameExceptionInstanceThrownRepeatedlyIsNotSuppressedOntoItself() {
		IOException shared = new IOException("shared");
		assertThatIOException().isThrownBy(() -> retrier(TestSettings.constant(0).maxTries(3)).call(Script.of(shared)))
			.isSameAs(shared)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).isEmpty());
	}

	@Test
	void aZeroWaitNeverCallsTheSleeper() throws Exception {
		AtomicInteger sleeps = new AtomicInteger();
		Retrier retrier = RetryRegistry.builder()
			.sleeper((duration) -> sleeps.incrementAndGet())
			.build()
			.newRetrier("zero", TestSettings.constant(0).build());
		assertThat(retrier.call(Script.<String>of(new IOException(), new IOException(), "ok"))).isEqualTo("ok");
		assertThat(sleeps).hasValue(0);
	}

	@Test
	void maxTimeShortensTheLastWaitToEndAtTheDeadlineAndTriesOnceMore() {
		Script<String> script = Script.of(new IOException("slow"));
		Retrier retrier = retrier(TestSettings.constant(400).maxTime(Duration.ofSeconds(1)));
		assertThatIOException().isThrownBy(() -> retrier.call(script));
		// 0.4 + 0.4 = 0.8 s slept; the third wait is cut to 0.2 s, ending at the
		// deadline, as Python backoff does
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(400), Duration.ofMillis(400),
				Duration.ofMillis(200));
		assertThat(this.time.elapsed()).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.listener.kinds).last().isEqualTo("giveup:4:max-time");
	}

	@Test
	void maxTimeOfOneSecondWithWaitsOfSixHundredMillisMakesThreeCalls() {
		Script<String> script = Script.of(new IOException("slow"));
		assertThatIOException()
			.isThrownBy(() -> retrier(TestSettings.constant(600).maxTime(Duration.ofSeconds(1))).call(script));
		assertThat(script.calls).hasValue(3);
		assertThat(this.time.waits()).containsExactly(Duration.ofMillis(600), Duration.ofMillis(400));
	}

	@Test
	void maxTimeCountsTheTimeSpentInCalls() {
		Script<String> script = Script.of(new IOException("slow"));
		Retrier retrier = retrier(TestSettings.constant(100).maxTime(Duration.ofSeconds(1)));
		assertThatIOException().isThrownBy(() -> retrier.call(() -> {
			this.time.advance(Duration.ofMillis(600));
			return script.call();
		}));
		// 0.6 s call, 0.1 s wait, 0.6 s call: past the budget, no second wait
		assertThat(script.calls).hasValue(2);
		assertThat(this.listener.last().reason()).isEqualTo(GiveUpReason.MAX_TIME);
		assertThat(this.listener.last().elapsed()).isEqualTo(Duration.ofMillis(1300));
	}

	@Test
	void giveUpOnWinsOverRetryOn() {
		Script<String> script = Script.of(new java.io.FileNotFoundException("gone"));
		Retrier retrier = retrier(TestSettings.constant(10)
			.retryOn(List.of(IOException.class))
			.giveUpOn(List.of(java.io.FileNotFoundException.class)));
		assertThatExceptionOfType(java.io.FileNotFoundException.class).isThrownBy(() -> retrier.call(script));
		assertThat(script.calls).hasValue(1);
		assertThat(this.listener.kinds).containsExactly("giveup:1:give-up-on");
	}

	@Test
	void giveUpPredicateEndsRetryingAtOnce() {
		Script<String> script = Script.of(new IOException("fatal"));
		Retrier retrier = retrier(TestSettings.constant(10).giveUpWhen((ex) -> "fatal".equals(ex.getMessage())));
		assertThatIOException().isThrownBy(() -> retrier.call(script));
		assertThat(script.calls).hasValue(1);
		assertThat(this.listener.kinds).containsExactly("giveup:1:give-up-on");
	}

	@Test
	void failuresThatAreNotRetryOnTypesAreNotRetried() {
		Script<String> script = Script.of(new IllegalStateException("bug"));
		Retrier retrier = retrier(TestSettings.constant(10).retryOn(List.of(IOException.class)));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> retrier.call(script));
		assertThat(script.calls).hasValue(1);
		assertThat(this.listener.kinds).containsExactly("giveup:1:not-retryable");
	}

	@Test
	void errorsAreNotRetriedByDefault() {
		Script<String> script = Script.of(new AssertionError("boom"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> retrier(TestSettings.constant(10)).call(script));
		assertThat(script.calls).hasValue(1);
	}

	@Test
	void aStatusThatIsNotRetriedGivesUpAtOnce() {
		Script<String> script = Script.of(new HttpFailure(400));
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier(TestSettings.constant(10)).call(script));
		assertThat(script.calls).hasValue(1);
		assertThat(this.listener.last().status()).isEqualTo(400);
		assertThat(this.listener.last().reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
	}

	@Test
	void notFoundIsRetriedEightTimesByDefault() {
		Script<String> script = Script.of(new HttpFailure(404));
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier(TestSettings.constant(1)).call(script));
		assertThat(script.calls).hasValue(9);
		assertThat(this.listener.kinds).last().isEqualTo("giveup:9:max-tries");
	}

	@Test
	void aStatusMaxTriesReplacesTheEntrysForThatStatus() {
		Script<String> script = Script.of(new HttpFailure(429));
		assertThatExceptionOfType(HttpFailure.class)
			.isThrownBy(() -> retrier(TestSettings.constant(1).maxTries(3)).call(script));
		assertThat(script.calls).hasValue(46);
	}

	@Test
	void tooManyRequestsStopsAtTheHourWhenThatComesFirst() {
		Script<String> script = Script.of(new HttpFailure(429));
		assertThatExceptionOfType(HttpFailure.class)
			.isThrownBy(() -> retrier(TestSettings.constant(100_000).cap(Duration.ofSeconds(100))).call(script));
		// 100 s waits: 36 fit in the hour, the 37th would cross it
		assertThat(script.calls).hasValue(37);
		assertThat(this.listener.last().reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void theEntrysMaxTimeStillAppliesDuringAStatusOverride() {
		Script<String> script = Script.of(new HttpFailure(429));
		Retrier retrier = retrier(TestSettings.constant(1000).maxTime(Duration.ofMillis(3500)));
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier.call(script));
		// 1 + 1 + 1 s, then a last wait cut to 0.5 s: the entry's deadline ends the 429's
		// 45 retries
		assertThat(script.calls).hasValue(5);
		assertThat(this.time.waits()).last().isEqualTo(Duration.ofMillis(500));
		assertThat(this.listener.last().reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void aStatusMaxTimeCountsFromTheFirstFailure() {
		Script<String> script = Script.of(new HttpFailure(503));
		Retrier retrier = retrier(TestSettings.constant(4000)
			.maxTries(100)
			.cap(Duration.ofSeconds(4))
			.status(503, new StatusOverride(null, null, null, Duration.ofSeconds(10))));
		AtomicInteger calls = new AtomicInteger();
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier.call(() -> {
			if (calls.incrementAndGet() == 1) {
				this.time.advance(Duration.ofMinutes(1));
			}
			return script.call();
		}));
		// a slow first try does not use up the status's budget: 4 s + 4 s, then 2 s to
		// end at 10 s
		assertThat(calls).hasValue(4);
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4),
				Duration.ofSeconds(2));
		assertThat(this.listener.last().reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void aStatusMaxTimeCountsFromTheFirstFailureThatCarriesAStatus() {
		Script<String> script = Script.of(new IOException("refused"), new IOException("refused"), new HttpFailure(503));
		Retrier retrier = retrier(TestSettings.constant(4000)
			.maxTries(100)
			.cap(Duration.ofSeconds(4))
			.status(503, new StatusOverride(null, null, null, Duration.ofSeconds(10))));
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier.call(script));
		// 8 s of refused connections do not count: the 503's 10 s start at its first
		// answer
		assertThat(script.calls).hasValue(6);
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4),
				Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(2));
		assertThat(this.listener.last().reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void theEntrysMaxTimeCountsFromTheStartOfTheFirstTry() {
		Script<String> script = Script.of(new HttpFailure(503));
		Retrier retrier = retrier(
				TestSettings.constant(4000).maxTries(100).cap(Duration.ofSeconds(4)).maxTime(Duration.ofSeconds(10)));
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier.call(() -> {
			this.time.advance(Duration.ofSeconds(7));
			return script.call();
		}));
		// 7 s in the first try leave 3 s: one wait cut to them, one more 7 s try, then
		// the deadline has passed
		assertThat(script.calls).hasValue(2);
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(3));
	}

	@Test
	void statusOverridesChangeBaseAndCap() {
		Retrier retrier = retrier(RetrySettings.builder()
			.strategy(WaitStrategy.exponential(2))
			.jitter(Jitter.none())
			.status(503, new StatusOverride(Duration.ofSeconds(1), Duration.ofSeconds(3), 5, null)));
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier.call(Script.of(new HttpFailure(503))));
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
				Duration.ofSeconds(3), Duration.ofSeconds(3));
	}

	@Test
	void retryAfterReplacesTheComputedWaitExactlyUpToTheCap() throws Exception {
		Script<String> script = Script.of(new HttpFailure(503, Duration.ofSeconds(2)),
				new HttpFailure(503, Duration.ofSeconds(30)), new HttpFailure(503, Duration.ofSeconds(-5)), "ok");
		assertThat(retrier(TestSettings.constant(10).cap(Duration.ofSeconds(30))).call(script)).isEqualTo("ok");
		// a negative value is malformed: the computed 10 ms wait is used instead
		assertThat(script.calls).hasValue(4);
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(30),
				Duration.ofMillis(10));
	}

	@Test
	void retryAfterAboveTheCapEndsRetryingAtOnceWithoutSleeping() {
		HttpFailure tooLong = new HttpFailure(429, Duration.ofSeconds(120));
		Script<String> script = Script.of(tooLong, "ok");
		assertThatExceptionOfType(HttpFailure.class).isThrownBy(() -> retrier(TestSettings.constant(10)).call(script))
			.isSameAs(tooLong);
		assertThat(script.calls).hasValue(1);
		assertThat(this.time.waits()).isEmpty();
		assertThat(this.listener.kinds).containsExactly("giveup:1:retry-after");
	}

	@Test
	void retryAfterThatWouldCrossMaxTimeIsNeverShortened() {
		Script<String> script = Script.of(new HttpFailure(503, Duration.ofSeconds(3)), "ok");
		assertThatExceptionOfType(HttpFailure.class)
			.isThrownBy(() -> retrier(TestSettings.constant(10).maxTime(Duration.ofSeconds(2))).call(script));
		assertThat(this.time.waits()).isEmpty();
		assertThat(this.listener.kinds).containsExactly("giveup:1:max-time");
	}

	@Test
	void waitsAreCappedAfterJitter() {
		Retrier retrier = retrier(RetrySettings.builder()
			.strategy(WaitStrategy.exponential(10))
			.jitter(Jitter.random())
			.base(Duration.ofMillis(100))
			.cap(Duration.ofMillis(500))
			.maxTries(6));
		assertThatIOException().isThrownBy(() -> retrier.call(Script.of(new IOException())));
		assertThat(this.time.waits()).hasSize(5)
			.allSatisfy((wait) -> assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofMillis(500)));
	}

	@Test
	void decorrelatedJitterWaitsStayBetweenBaseAndCap() {
		Retrier retrier = retrier(RetrySettings.builder().cap(Duration.ofSeconds(2)).maxTries(200));
		assertThatIOException().isThrownBy(() -> retrier.call(Script.of(new IOException())));
		assertThat(this.time.waits()).hasSize(199)
			.allSatisfy((wait) -> assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2)));
		assertThat(this.time.waits()).contains(Duration.ofSeconds(2));
	}

	@Test
	void aResultPredicateRetriesUntilItIsSatisfied() throws Exception {
		Script<String> script = Script.of("pending", "pending", "done");
		Retrier retrier = retrier(TestSettings.constant(5).retryOnResult((String result) -> result.equals("pending")));
		assertThat(retrier.call(script)).isEqualTo("done");
		assertThat(script.calls).hasValue(3);
		assertThat(this.listener.kinds).containsExactly("backoff:1", "backoff:2", "success:3");
		assertThat(this.listener.events.get(0).result()).isEqualTo("pending");
		assertThat(this.listener.events.get(0).exception()).isNull();
	}

	@Test
	void whenTheLimitsEndOnAResultTheLastResultIsReturned() throws Exception {
		Script<String> script = Script.of("pending");
		Retrier retrier = retrier(TestSettings.constant(5).maxTries(3).retryOnResult((String result) -> true));
		assertThat(retrier.call(script)).isEqualTo("pending");
		assertThat(this.listener.kinds).last().isEqualTo("giveup:3:max-tries");
	}

	@Test
	void raiseOnGiveUpThrowsInsteadOfReturningTheLastResult() {
		Retrier retrier = retrier(
				TestSettings.constant(5).maxTries(2).raiseOnGiveUp(true).retryOnResult((String result) -> true));
		assertThatExceptionOfType(RetryGiveUpException.class).isThrownBy(() -> retrier.call(Script.of("pending")))
			.satisfies((ex) -> {
				assertThat(ex.getLastResult()).isEqualTo("pending");
				assertThat(ex.getReason()).isEqualTo(GiveUpReason.MAX_TRIES);
			});
	}

	@Test
	void exceptionsAndResultsMixInOneLoop() throws Exception {
		Script<String> script = Script.of(new IOException(), "pending", new IOException(), "done");
		Retrier retrier = retrier(TestSettings.constant(5).retryOnResult("pending"::equals));
		assertThat(retrier.call(script)).isEqualTo("done");
		assertThat(script.calls).hasValue(4);
	}

	@Test
	void aResultPredicateThatThrowsReachesTheCallerAndIsNotTakenForAFailedTry() {
		IllegalArgumentException broken = new IllegalArgumentException("predicate bug");
		Script<String> script = Script.of(new IOException(), "pending");
		Retrier retrier = retrier(TestSettings.constant(5).retryOnResult((String result) -> {
			throw broken;
		}));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> retrier.call(script))
			.isSameAs(broken);
		assertThat(script.calls).hasValue(2);
		assertThat(this.listener.kinds).containsExactly("backoff:1");
	}

	@Test
	void anInterruptDuringAWaitStopsAtOnceAndKeepsTheFlag() {
		Retrier retrier = RetryRegistry.builder().sleeper((duration) -> {
			throw new InterruptedException();
		}).listener(this.listener).build().newRetrier("test", TestSettings.constant(10).build());
		IOException failure = new IOException("down");
		Script<String> script = Script.of(failure);
		try {
			assertThatIOException().isThrownBy(() -> retrier.call(script))
				.isSameAs(failure)
				.satisfies((ex) -> assertThat(ex.getSuppressed()).hasOnlyElementsOfType(InterruptedException.class));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(script.calls).hasValue(1);
			assertThat(this.listener.kinds).containsExactly("backoff:1", "giveup:1:interrupted");
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void anInterruptedExceptionThrownByTheCallIsNeverRetriedAndTheFlagIsRestored() {
		InterruptedException interrupt = new InterruptedException("call interrupted");
		Script<String> script = Script.of(interrupt, "ok");
		try {
			assertThatExceptionOfType(InterruptedException.class)
				.isThrownBy(() -> retrier(TestSettings.constant(10)).call(script))
				.isSameAs(interrupt);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(script.calls).hasValue(1);
			assertThat(this.time.waits()).isEmpty();
			assertThat(this.listener.kinds).containsExactly("giveup:1:interrupted");
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void aClosedByInterruptExceptionIsNeverRetriedEvenWhenIoExceptionsAre() {
		Script<String> script = Script.of(new IOException("reset"), new java.nio.channels.ClosedByInterruptException(),
				"ok");
		try {
			assertThatExceptionOfType(java.nio.channels.ClosedByInterruptException.class)
				.isThrownBy(() -> retrier(TestSettings.constant(10).retryOn(List.of(IOException.class))).call(script));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(script.calls).hasValue(2);
			assertThat(this.listener.kinds).containsExactly("backoff:1", "giveup:2:interrupted");
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void anInterruptWhileRetryingAResultThrowsAGiveUpException() {
		Thread.currentThread().interrupt();
		try {
			Retrier retrier = retrier(TestSettings.constant(10).retryOnResult((String result) -> true));
			assertThatExceptionOfType(RetryGiveUpException.class).isThrownBy(() -> retrier.call(Script.of("pending")))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(GiveUpReason.INTERRUPTED));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void aListenerThatThrowsDoesNotChangeTheOutcome() throws Exception {
		RecordingListener after = new RecordingListener();
		Retrier retrier = RetryRegistry.builder().fakeTime(this.time).listener(new RetryListener() {
			@Override
			public void onBackoff(RetryEvent event) {
				throw new IllegalStateException("listener bug");
			}
		}).listener(after).build().newRetrier("test", TestSettings.constant(1).build());
		assertThat(retrier.call(Script.<String>of(new IOException(), "ok"))).isEqualTo("ok");
		assertThat(after.kinds).containsExactly("backoff:1", "success:2");
	}

	@Test
	void eventsCarryTheDetailsOfTheCall() {
		Retrier retrier = retrier(TestSettings.constant(250).maxTries(2));
		IOException failure = new IOException("down");
		assertThatIOException().isThrownBy(() -> retrier.withLabel("Billing#charge").execute(this.time, (time) -> {
			time.advance(Duration.ofMillis(50));
			throw failure;
		}, new Object[] { "card" }));
		RetryEvent backoff = this.listener.events.get(0);
		assertThat(backoff.name()).isEqualTo("test");
		assertThat(backoff.target()).isEqualTo("Billing#charge");
		assertThat(backoff.arguments()).containsExactly("card");
		assertThat(backoff.tries()).isEqualTo(1);
		assertThat(backoff.elapsed()).isEqualTo(Duration.ofMillis(50));
		assertThat(backoff.waitTime()).isEqualTo(Duration.ofMillis(250));
		assertThat(backoff.exception()).isSameAs(failure);
		assertThat(backoff.exceptionName()).isEqualTo("IOException");
		assertThat(backoff.toString()).doesNotContain("card");
		RetryEvent giveUp = this.listener.events.get(1);
		assertThat(giveUp.tries()).isEqualTo(2);
		assertThat(giveUp.elapsed()).isEqualTo(Duration.ofMillis(350));
		assertThat(giveUp.waitTime()).isNull();
	}

	@Test
	void noRetryScopeCallsOnce() throws Exception {
		Script<String> script = Script.of(new IOException("down"), "ok");
		Retrier retrier = retrier(TestSettings.constant(10));
		try (NoRetry scope = NoRetry.open()) {
			assertThatIOException().isThrownBy(() -> retrier.call(script));
		}
		assertThat(script.calls).hasValue(1);
		assertThat(this.listener.kinds).containsExactly("giveup:1:no-retry");
		assertThat(retrier.call(script)).isEqualTo("ok");
	}

	@Test
	void noRetryLambdaFormsCallOnce() throws Exception {
		Retrier retrier = retrier(TestSettings.constant(10));
		Script<String> failing = Script.of(new IOException("down"));
		assertThatIOException().isThrownBy(() -> NoRetry.call(() -> retrier.call(failing)));
		NoRetry.run(() -> assertThatIOException().isThrownBy(() -> retrier.call(failing)));
		assertThat(failing.calls).hasValue(2);
		assertThat(NoRetry.isActive()).isFalse();
	}

	@Test
	void noRetryScopesNestAndMustBeClosedOnTheirThread() throws Exception {
		NoRetry outer = NoRetry.open();
		try (NoRetry inner = NoRetry.open()) {
			assertThat(NoRetry.isActive()).isTrue();
		}
		assertThat(NoRetry.isActive()).isTrue();
		Thread other = new Thread(
				() -> assertThatExceptionOfType(IllegalStateException.class).isThrownBy(outer::close));
		other.start();
		other.join();
		outer.close();
		outer.close();
		assertThat(NoRetry.isActive()).isFalse();
	}

	@Test
	void aDisabledRegistryCallsExactlyOnceWithoutEvents() {
		Retrier retrier = RetryRegistry.builder()
			.enabled(false)
			.listener(this.listener)
			.build()
			.newRetrier("off", TestSettings.constant(10).build());
		Script<String> script = Script.of(new IOException("down"));
		assertThatIOException().isThrownBy(() -> retrier.call(script));
		assertThat(script.calls).hasValue(1);
		assertThat(this.listener.kinds).isEmpty();
	}

	@Test
	void runAndDecorateRetryToo() throws Exception {
		Retrier retrier = retrier(TestSettings.constant(1));
		AtomicInteger runs = new AtomicInteger();
		retrier.run(() -> {
			if (runs.incrementAndGet() < 3) {
				throw new IOException();
			}
		});
		assertThat(runs).hasValue(3);
		Script<String> script = Script.of(new UncheckedIOException(new IOException()), "ok");
		assertThat(retrier.decorate(script).call()).isEqualTo("ok");
		assertThat(script.calls).hasValue(2);
	}

	@Test
	void labelsNameTheTarget() throws Exception {
		retrier(TestSettings.constant(1)).withLabel("billing.fetch").call(Script.of("ok"));
		assertThat(this.listener.last().target()).isEqualTo("billing.fetch");
	}

	@Test
	void realTimeDefaultsWork() throws Exception {
		Retrier retrier = Retrier.of(TestSettings.constant(1).maxTries(2).build());
		assertThat(retrier.call(Script.<String>of(new IOException(), "ok"))).isEqualTo("ok");
		assertThat(retrier.name()).isEqualTo("default");
		assertThat(retrier.settings().maxTries()).isEqualTo(2);
	}

}
