package dev.backoff.core;

import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The decision procedure, written once for every form of retrying: after a try that asks
 * for a retry (a failure, or a result the result predicate retries), it takes the rules,
 * the history of the tries so far and the time now, and returns a {@link Verdict}: the
 * wait before the next try, or why retrying ends. In this order, the first rule that
 * applies wins:
 * <ol>
 * <li>an interrupt ({@code InterruptedException}, {@code ClosedByInterruptException}):
 * {@code interrupted};</li>
 * <li>a {@link NoRetry} scope, read when the call started: {@code no-retry};</li>
 * <li>the entry is switched off: {@code disabled};</li>
 * <li>a give-up-on type or the give-up predicate: {@code give-up-on};</li>
 * <li>not a retry-on type, or a status that is not retried: {@code not-retryable};</li>
 * <li>an enclosing retrying call would itself retry the failure (or result):
 * {@code nested};</li>
 * <li>max-tries, the status's if it has one, else the entry's: {@code max-tries};</li>
 * <li>the wait: one the outcome asks for ({@link OutcomeWait}, then {@code Retry-After})
 * is honoured exactly, and ends retrying above the cap ({@code retry-after}) or when it
 * would cross a deadline ({@code max-time}); otherwise the strategy's wait, jittered and
 * capped, is shortened to end at the first deadline (the entry's max-time or the
 * status's), and once a deadline is reached retrying ends ({@code max-time});</li>
 * <li>last, the entry's budget, if it has one, must give the retry its tokens:
 * {@code budget}.</li>
 * </ol>
 * <p>
 * It reads no clock, never waits, tells no listener and keeps nothing of a call: the
 * execution reads the time, records the history, reports the verdict and waits. Its
 * random numbers come from the source it is given. A blocking driver has the whole
 * procedure decided at once ({@link #decide}); a non-blocking one decides up to the
 * budget ({@link #beforeBudget}), asks the budget without blocking, and ends the decision
 * with {@link Verdict#budgetAnswered}.
 */
final class RetryDecision {

	private final Rules rules;

	/** Reads {@code Retry-After} from a failure. */
	private final StatusCodeExtractor extractor;

	/** Uniform numbers in {@code [0, 1)} for strategies and jitter. */
	private final DoubleSupplier random;

	private final @Nullable RetryBudget budget;

	RetryDecision(Rules rules, StatusCodeExtractor extractor, DoubleSupplier random, @Nullable RetryBudget budget) {
		this.rules = rules;
		this.extractor = extractor;
		this.random = random;
		this.budget = budget;
	}

	/**
	 * Whether deciding on a try whose outcome carries {@code status} needs the time now:
	 * for a deadline. A failure without a status under an entry without max-time does
	 * not.
	 */
	boolean needsTime(int status) {
		return this.rules.timedFromStart || timesStatus(status);
	}

	/**
	 * Whether a status's max-time may count from a failure with {@code status}: then the
	 * history marks the first one ({@link TryHistory#markTimes}).
	 */
	boolean timesStatus(int status) {
		return this.rules.timed && status != StatusCodeExtractor.NO_STATUS;
	}

	/**
	 * Decides on the last try of {@code tries}, the budget included: asked last, on the
	 * calling thread ({@link RetryBudget#tryAcquire}).
	 * @param tries the tries so far, the last one asking for a retry
	 * @param noRetry whether a {@link NoRetry} scope was open when the call started
	 * @param enclosing the retrying calls whose tries enclose this call, or {@code null}
	 * @param now the time now, when {@link #needsTime} says it is needed
	 * @return the verdict
	 */
	Verdict decide(TryHistory tries, boolean noRetry, @Nullable EnclosingRetries enclosing, long now) {
		Verdict verdict = beforeBudget(tries, noRetry, enclosing, now);
		RetryBudget budget = this.budget;
		return (budget != null && verdict.retries()) ? verdict.budgetAnswered(budget.tryAcquire(verdict.cost()))
				: verdict;
	}

	/**
	 * Decides every rule but the budget's, as {@link #decide} does: a retry's verdict
	 * carries the tokens it takes from the budget, which {@link #asksBudget} says is
	 * still to be asked.
	 * @param tries the tries so far, the last one asking for a retry
	 * @param noRetry whether a {@link NoRetry} scope was open when the call started
	 * @param enclosing the retrying calls whose tries enclose this call, or {@code null}
	 * @param now the time now, when {@link #needsTime} says it is needed
	 * @return the verdict before the budget
	 */
	Verdict beforeBudget(TryHistory tries, boolean noRetry, @Nullable EnclosingRetries enclosing, long now) {
		GiveUpReason reason = refusal(tries, noRetry, enclosing);
		Rules.Limit limit = this.rules.limit(tries.status());
		if (reason == null && tries.tries() >= limit.maxTries()) {
			reason = GiveUpReason.MAX_TRIES;
		}
		return (reason != null) ? Verdict.giveUp(reason) : waitFor(tries, limit, now);
	}

	/** Whether the budget is still to be asked for the retry {@code verdict} decides. */
	boolean asksBudget(Verdict verdict) {
		return this.budget != null && verdict.retries();
	}

	/**
	 * Asks the budget for a retry's tokens without blocking: the form of the last step
	 * for a driver whose tries end on threads that must not block.
	 * @param verdict a retry for which {@link #asksBudget} is {@code true}
	 * @return the budget's answer
	 */
	CompletionStage<Boolean> askBudgetAsync(Verdict verdict) {
		RetryBudget budget = this.budget;
		if (budget == null) {
			throw new IllegalStateException("This entry has no budget to ask");
		}
		return budget.tryAcquireAsync(verdict.cost());
	}

	/**
	 * Gives back the tokens that the budget gave a retry never made (the call ended while
	 * the budget answered).
	 */
	void giveBack(Verdict verdict) {
		RetryBudget budget = this.budget;
		if (budget != null) {
			budget.release(verdict.cost());
		}
	}

	/** Rules 1 to 6: why the last outcome is not retried whatever the limits left. */
	private @Nullable GiveUpReason refusal(TryHistory tries, boolean noRetry, @Nullable EnclosingRetries enclosing) {
		Throwable failure = tries.failure();
		if (failure instanceof InterruptedException || failure instanceof ClosedByInterruptException) {
			return GiveUpReason.INTERRUPTED;
		}
		if (noRetry) {
			return GiveUpReason.NO_RETRY;
		}
		if (!this.rules.settings.enabled()) {
			return GiveUpReason.DISABLED;
		}
		if (failure == null) {
			return (enclosing != null && enclosing.retryResult(tries.result())) ? GiveUpReason.NESTED : null;
		}
		GiveUpReason refusal = this.rules.refusal(failure, tries.status());
		if (refusal == null && enclosing != null && enclosing.retry(failure, tries.status())) {
			return GiveUpReason.NESTED;
		}
		return refusal;
	}

	/** Rule 8: the wait, or why there is none. */
	private Verdict waitFor(TryHistory tries, Rules.Limit limit, long now) {
		long remaining = remainingNanos(tries, limit, now);
		long asked = askedWaitNanos(tries);
		BudgetSettings budget = this.rules.settings.budget();
		if (asked >= 0) {
			if (asked > limit.capNanos()) {
				return Verdict.giveUp(GiveUpReason.RETRY_AFTER);
			}
			if (asked > remaining) {
				return Verdict.giveUp(GiveUpReason.MAX_TIME);
			}
			return new Verdict(null, asked, budget.retryAfterCost());
		}
		if (remaining <= 0) {
			return Verdict.giveUp(GiveUpReason.MAX_TIME);
		}
		return new Verdict(null, Math.min(strategyWaitNanos(tries, limit), remaining), budget.retryCost());
	}

	/**
	 * The time left before the first deadline: the entry's max-time counts from the start
	 * of the first try, a status's from the end of the first failed try that carried a
	 * status.
	 */
	private long remainingNanos(TryHistory tries, Rules.Limit limit, long now) {
		long remaining = Rules.NONE;
		if (this.rules.entry.maxTimeNanos() != Rules.NONE) {
			remaining = this.rules.entry.maxTimeNanos() - (now - tries.startNanos());
		}
		if (limit.forStatus() && limit.maxTimeNanos() != Rules.NONE) {
			remaining = Math.min(remaining, limit.maxTimeNanos() - (now - tries.firstStatusNanos()));
		}
		return remaining;
	}

	/**
	 * The wait the outcome asks for, or -1: the user's function first, then
	 * {@code Retry-After}.
	 */
	private long askedWaitNanos(TryHistory tries) {
		OutcomeWait outcomeWait = this.rules.settings.outcomeWait();
		Throwable failure = tries.failure();
		Duration asked = (outcomeWait != null) ? outcomeWait.waitFor(tries.result(), failure) : null;
		if (asked == null && failure != null && tries.status() != StatusCodeExtractor.NO_STATUS) {
			asked = this.extractor.retryAfter(failure);
		}
		if (asked == null || asked.isNegative()) {
			return -1;
		}
		try {
			return asked.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private long strategyWaitNanos(TryHistory tries, Rules.Limit limit) {
		RetrySettings settings = this.rules.settings;
		long previousWait = tries.previousWaitNanos();
		long previous = (previousWait >= 0) ? previousWait : limit.baseNanos();
		WaitStrategy strategy = settings.strategy();
		double random = strategy.isRandomized() ? this.random.getAsDouble() : 0.5;
		long wait = clamp(strategy.waitNanos(tries.tries(), previous, limit.baseNanos(), limit.capNanos(), random),
				limit.capNanos());
		Jitter jitter = settings.jitter();
		if (jitter != Jitter.none() && wait > 0) {
			wait = clamp(jitter.apply(wait, this.random.getAsDouble()), limit.capNanos());
		}
		return wait;
	}

	private static long clamp(long nanos, long capNanos) {
		return Math.max(0, Math.min(nanos, capNanos));
	}

	/**
	 * What a decision says: retry after {@code waitNanos}, or give up for {@code reason}.
	 *
	 * @param reason why retrying ends, or {@code null} for a retry
	 * @param waitNanos the wait before the next try, at least zero; zero for a give-up
	 * @param cost the tokens the retry takes from the budget, if the entry has one
	 */
	record Verdict(@Nullable GiveUpReason reason, long waitNanos, int cost) {

		/** One give-up per reason, so that a give-up allocates nothing. */
		private static final Verdict[] GIVE_UPS = new Verdict[GiveUpReason.values().length];

		static {
			for (GiveUpReason reason : GiveUpReason.values()) {
				GIVE_UPS[reason.ordinal()] = new Verdict(reason, 0, 0);
			}
		}

		static Verdict giveUp(GiveUpReason reason) {
			return GIVE_UPS[reason.ordinal()];
		}

		/** Whether the verdict is a retry. */
		boolean retries() {
			return this.reason == null;
		}

		/**
		 * Ends the decision of a retry with the budget's answer: the retry if it took its
		 * tokens, else a give-up ({@code budget}).
		 */
		Verdict budgetAnswered(boolean taken) {
			return taken ? this : giveUp(GiveUpReason.BUDGET);
		}

	}

}
