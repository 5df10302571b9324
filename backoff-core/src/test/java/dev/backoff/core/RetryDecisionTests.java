package dev.backoff.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.backoff.core.RetryDecision.Verdict;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision procedure on its own: plain values in, a verdict out. No retrier, no
 * listener, no clock (times are given as numbers), no thread; the random source always
 * answers 0.5. The order of the rules, each limit, the waits and the budget's place last.
 */
class RetryDecisionTests {

	private static final long MS = 1_000_000L;

	private static final long SECOND = 1000 * MS;

	// the order of the rules

	@Test
	void eachRuleWinsOverEveryRuleAfterIt() {
		RetryBudget empty = budget(1, 5);
		EnclosingRetries outerRetriesIo = EnclosingRetries.around(null,
				new Rules(TestSettings.constant(10).retryOn(List.of(IOException.class)).build()));
		// 1. an interrupt, under a NoRetry scope, for an entry switched off
		assertThat(verdict(TestSettings.constant(10).enabled(false), empty, true, null, new InterruptedException()))
			.isEqualTo(Verdict.giveUp(GiveUpReason.INTERRUPTED));
		// 2. a NoRetry scope, for an entry switched off
		assertThat(verdict(TestSettings.constant(10).enabled(false), empty, true, null, new IOException()).reason())
			.isEqualTo(GiveUpReason.NO_RETRY);
		// 3. the entry switched off, for a give-up-on type
		assertThat(verdict(TestSettings.constant(10).enabled(false).giveUpOn(List.of(IOException.class)), empty, false,
				null, new IOException())
			.reason()).isEqualTo(GiveUpReason.DISABLED);
		// 4. a give-up-on type that is not a retry-on type either
		assertThat(verdict(TestSettings.constant(10)
			.giveUpOn(List.of(IOException.class))
			.retryOn(List.of(IllegalStateException.class)), empty, false, null, new IOException()).reason())
			.isEqualTo(GiveUpReason.GIVE_UP_ON);
		// 5. not a retry-on type, though an enclosing call would retry it
		assertThat(verdict(TestSettings.constant(10).retryOn(List.of(IllegalStateException.class)), empty, false,
				outerRetriesIo, new IOException())
			.reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
		// 6. an enclosing call retries it, on the last try max-tries allows
		assertThat(verdict(TestSettings.constant(10).maxTries(1), empty, false, outerRetriesIo, new IOException())
			.reason()).isEqualTo(GiveUpReason.NESTED);
		// 7. max-tries, though the wait asked for is above the cap
		assertThat(verdict(TestSettings.constant(10).maxTries(1), empty, false, null,
				new HttpFailure(503, Duration.ofMinutes(5)))
			.reason()).isEqualTo(GiveUpReason.MAX_TRIES);
		// 8. the wait asked for is above the cap: the budget is not asked
		assertThat(verdict(TestSettings.constant(10).budget(enabled()), empty, false, null,
				new HttpFailure(503, Duration.ofMinutes(5)))
			.reason()).isEqualTo(GiveUpReason.RETRY_AFTER);
		assertThat(empty.available()).isEqualTo(1);
		// 9. last, the budget
		assertThat(verdict(TestSettings.constant(10).budget(enabled()), empty, false, null, new IOException()))
			.isEqualTo(Verdict.giveUp(GiveUpReason.BUDGET));
	}

	@Test
	void aGiveUpPredicateIsAGiveUpOnAndAStatusNotRetriedIsNotRetryable() {
		RetrySettings.Builder settings = TestSettings.constant(10)
			.giveUpOn(List.of(FileNotFoundException.class))
			.giveUpWhen((ex) -> "fatal".equals(ex.getMessage()))
			.retryOnStatus(List.of(503));
		assertThat(verdict(settings, new FileNotFoundException()).reason()).isEqualTo(GiveUpReason.GIVE_UP_ON);
		assertThat(verdict(settings, new IOException("fatal")).reason()).isEqualTo(GiveUpReason.GIVE_UP_ON);
		assertThat(verdict(settings, new HttpFailure(400)).reason()).isEqualTo(GiveUpReason.NOT_RETRYABLE);
		assertThat(verdict(settings, new HttpFailure(503))).isEqualTo(retry(10 * MS, 5));
	}

	@Test
	void aResultIsLeftToAnEnclosingCallWhosePredicateRetriesIt() {
		RetryDecision decision = decision(TestSettings.constant(10).retryOnResult("pending"::equals), null);
		EnclosingRetries outerRetriesPending = EnclosingRetries.around(null,
				new Rules(TestSettings.constant(10).retryOnResult("pending"::equals).build()));
		TryHistory tries = new TryHistory(0);
		tries.returned("pending");
		assertThat(decision.decide(tries, false, null, 0)).isEqualTo(retry(10 * MS, 5));
		assertThat(decision.decide(tries, false, outerRetriesPending, 0).reason()).isEqualTo(GiveUpReason.NESTED);
	}

	// limits

	@Test
	void maxTriesCountsEveryTryTheFirstIncluded() {
		RetryDecision decision = decision(TestSettings.constant(10).maxTries(3), null);
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(tries, false, null, 0).retries()).isTrue();
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(tries, false, null, 0).retries()).isTrue();
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(tries, false, null, 0).reason()).isEqualTo(GiveUpReason.MAX_TRIES);
	}

	@Test
	void aStatussMaxTriesReplacesTheEntrysWhileFailuresCarryIt() {
		RetryDecision decision = decision(TestSettings.constant(10).maxTries(2).status(503, StatusOverride.maxTries(4)),
				null);
		TryHistory tries = new TryHistory(0);
		for (int i = 0; i < 3; i++) {
			tries.failed(new HttpFailure(503), 503);
			assertThat(decision.decide(tries, false, null, 0).retries()).as("try %d", tries.tries()).isTrue();
		}
		tries.failed(new HttpFailure(503), 503);
		assertThat(decision.decide(tries, false, null, 0).reason()).isEqualTo(GiveUpReason.MAX_TRIES);
		TryHistory withoutStatus = new TryHistory(0);
		withoutStatus.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		withoutStatus.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(withoutStatus, false, null, 0).reason()).isEqualTo(GiveUpReason.MAX_TRIES);
	}

	@Test
	void maxTimeShortensTheLastWaitToEndAtTheDeadlineThenEndsRetrying() {
		RetryDecision decision = decision(TestSettings.constant(600).maxTime(Duration.ofSeconds(1)), null);
		assertThat(decision.needsTime(StatusCodeExtractor.NO_STATUS)).isTrue();
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(tries, false, null, 0)).isEqualTo(retry(600 * MS, 5));
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(tries, false, null, 600 * MS)).isEqualTo(retry(400 * MS, 5));
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(tries, false, null, SECOND).reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void aStatussMaxTimeCountsFromTheFirstFailureThatCarriedAStatus() {
		RetryDecision decision = decision(TestSettings.constant(4000)
			.maxTries(100)
			.cap(Duration.ofSeconds(4))
			.status(503, new StatusOverride(null, null, null, Duration.ofSeconds(10))), null);
		assertThat(decision.needsTime(StatusCodeExtractor.NO_STATUS)).isFalse();
		assertThat(decision.timesStatus(503)).isTrue();
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException("refused"), StatusCodeExtractor.NO_STATUS);
		tries.markTimes(100 * SECOND, false);
		assertThat(decision.decide(tries, false, null, 100 * SECOND)).isEqualTo(retry(4 * SECOND, 5));
		tries.failed(new HttpFailure(503), 503);
		tries.markTimes(200 * SECOND, true);
		assertThat(decision.decide(tries, false, null, 200 * SECOND)).isEqualTo(retry(4 * SECOND, 5));
		tries.markTimes(208 * SECOND, true);
		assertThat(decision.decide(tries, false, null, 208 * SECOND)).isEqualTo(retry(2 * SECOND, 5));
		tries.markTimes(210 * SECOND, true);
		assertThat(decision.decide(tries, false, null, 210 * SECOND).reason()).isEqualTo(GiveUpReason.MAX_TIME);
	}

	// waits

	@Test
	void aWaitTheOutcomeAsksForIsHonouredExactlyUpToTheCapAndNeverShortened() {
		RetrySettings.Builder settings = TestSettings.constant(10)
			.cap(Duration.ofSeconds(30))
			.maxTime(Duration.ofSeconds(60))
			.budget(new BudgetSettings(true, 50, 5, 1, 2));
		assertThat(verdict(settings, new HttpFailure(503, Duration.ofSeconds(30)))).isEqualTo(retry(30 * SECOND, 2));
		assertThat(verdict(settings, new HttpFailure(503, Duration.ofSeconds(-1)))).isEqualTo(retry(10 * MS, 5));
		assertThat(verdict(settings, new HttpFailure(503, Duration.ofSeconds(31))).reason())
			.isEqualTo(GiveUpReason.RETRY_AFTER);
		TryHistory tries = new TryHistory(0);
		tries.failed(new HttpFailure(503, Duration.ofSeconds(2)), 503);
		assertThat(decision(settings, null).decide(tries, false, null, 59 * SECOND).reason())
			.isEqualTo(GiveUpReason.MAX_TIME);
	}

	@Test
	void aWaitFromAReturnedResultReplacesTheStrategysWait() {
		OutcomeWait fromResult = (result, failure) -> (result instanceof Duration asked) ? asked : null;
		RetryDecision decision = decision(TestSettings.constant(25)
			.retryOnResult((Object result) -> result instanceof Duration || "busy".equals(result))
			.outcomeWait(fromResult), null);
		TryHistory tries = new TryHistory(0);
		tries.returned(Duration.ofMillis(7321));
		assertThat(decision.decide(tries, false, null, 0)).isEqualTo(retry(7321 * MS, 0));
		tries.returned("busy");
		assertThat(decision.decide(tries, false, null, 0)).isEqualTo(retry(25 * MS, 5));
	}

	@Test
	void theStrategysWaitStartsFromTheBaseThenFromThePreviousWaitAndIsCapped() {
		RetryDecision decision = decision(RetrySettings.builder()
			.strategy(WaitStrategy.decorrelatedJitter())
			.base(Duration.ofMillis(100))
			.cap(Duration.ofMillis(300)), null);
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		// uniform(base, 3 x previous) at 0.5, previous starting at the base
		assertThat(decision.decide(tries, false, null, 0).waitNanos()).isEqualTo(200 * MS);
		tries.waited(200 * MS);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		// 350 ms, capped
		assertThat(decision.decide(tries, false, null, 0).waitNanos()).isEqualTo(300 * MS);
	}

	@Test
	void jitterAppliesToTheCappedWaitAndIsCappedAgain() {
		RetryDecision decision = decision(RetrySettings.builder()
			.strategy(WaitStrategy.exponential(2))
			.jitter(Jitter.full())
			.base(Duration.ofSeconds(1))
			.cap(Duration.ofSeconds(3)), null);
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.decide(tries, false, null, 0).waitNanos()).isEqualTo(500 * MS);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		// 4 s capped to 3 s, then half of it
		assertThat(decision.decide(tries, false, null, 0).waitNanos()).isEqualTo(1500 * MS);
	}

	// the budget

	@Test
	void theBudgetIsAskedLastForTheRetrysCostAndNotBeforeTheBudgetStep() {
		RetryBudget budget = budget(7, 5);
		RetryDecision decision = decision(TestSettings.constant(10).budget(enabled()), budget);
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		Verdict beforeBudget = decision.beforeBudget(tries, false, null, 0);
		assertThat(beforeBudget).isEqualTo(retry(10 * MS, 5));
		assertThat(decision.asksBudget(beforeBudget)).isTrue();
		assertThat(budget.available()).isEqualTo(7);
		assertThat(decision.decide(tries, false, null, 0)).isEqualTo(retry(10 * MS, 5));
		assertThat(budget.available()).isEqualTo(2);
		assertThat(decision.decide(tries, false, null, 0).reason()).isEqualTo(GiveUpReason.BUDGET);
		assertThat(beforeBudget.budgetAnswered(false)).isEqualTo(Verdict.giveUp(GiveUpReason.BUDGET));
		assertThat(beforeBudget.budgetAnswered(true)).isSameAs(beforeBudget);
	}

	@Test
	void aGiveUpIsNotAskedOfTheBudgetAndTheTokensOfARetryNeverMadeGoBack() {
		RetryBudget budget = budget(10, 5);
		RetryDecision decision = decision(TestSettings.constant(10).maxTries(1).budget(enabled()), budget);
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		Verdict maxTries = decision.beforeBudget(tries, false, null, 0);
		assertThat(decision.asksBudget(maxTries)).isFalse();
		assertThat(budget.tryAcquire(5)).isTrue();
		decision.giveBack(retry(10 * MS, 5));
		assertThat(budget.available()).isEqualTo(10);
	}

	@Test
	void anEntryWithoutABudgetNeverAsksOne() {
		RetryDecision decision = decision(TestSettings.constant(10), null);
		TryHistory tries = new TryHistory(0);
		tries.failed(new IOException(), StatusCodeExtractor.NO_STATUS);
		assertThat(decision.asksBudget(decision.beforeBudget(tries, false, null, 0))).isFalse();
	}

	private static Verdict verdict(RetrySettings.Builder settings, Throwable failure) {
		return verdict(settings, null, false, null, failure);
	}

	/** The verdict on one failed try of a call that started at time zero. */
	private static Verdict verdict(RetrySettings.Builder settings, @Nullable RetryBudget budget, boolean noRetry,
			@Nullable EnclosingRetries enclosing, Throwable failure) {
		TryHistory tries = new TryHistory(0);
		tries.failed(failure, HttpFailure.EXTRACTOR.status(failure));
		return decision(settings, budget).decide(tries, noRetry, enclosing, 0);
	}

	private static RetryDecision decision(RetrySettings.Builder settings, @Nullable RetryBudget budget) {
		return new RetryDecision(new Rules(settings.build()), HttpFailure.EXTRACTOR, () -> 0.5, budget);
	}

	private static Verdict retry(long waitNanos, int cost) {
		return new Verdict(null, waitNanos, cost);
	}

	private static BudgetSettings enabled() {
		return BudgetSettings.DEFAULTS.enable();
	}

	/** A full in-memory bucket of {@code capacity} tokens. */
	private static RetryBudget budget(int capacity, int retryCost) {
		return new LocalRetryBudget("test", new BudgetSettings(true, capacity, retryCost, 1, 0));
	}

}
