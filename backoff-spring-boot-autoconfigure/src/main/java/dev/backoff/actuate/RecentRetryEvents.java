package dev.backoff.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.backoff.core.GiveUpReason;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the most recent retry events as summaries, in a fixed ring: what the
 * {@code backoffevents} endpoint shows. A summary holds names, counts, the exception's
 * class and the status, never a message, an argument, a result or the exception itself
 * (so memory stays bounded and nothing secret is kept). Lock-free: recording is one
 * atomic increment and one array write.
 * <p>
 * It follows the calls that fail at least once (from their first failure: their backoffs,
 * and their end, a success or a give-up), not the calls that succeed at once: those are
 * no retry event, they would push the ones that are out of the ring, and a call that
 * succeeds on its first try then builds no event at all. Their count is the
 * {@code backoff.success} counter.
 *
 * @since 0.1.0
 */
public final class RecentRetryEvents implements RetryListener {

	/** The wait of an event that is not a backoff. */
	private static final long NO_WAIT = -1;

	private final AtomicReferenceArray<Recorded> ring;

	private final AtomicLong recorded = new AtomicLong();

	private final Clock clock;

	/**
	 * Keeps the last {@code capacity} events, timed by the system's UTC clock.
	 * @param capacity how many, at least 1
	 */
	public RecentRetryEvents(int capacity) {
		this(capacity, Clock.systemUTC());
	}

	/**
	 * Keeps the last {@code capacity} events, timed by {@code clock}.
	 * @param capacity how many, at least 1
	 * @param clock the wall clock of each summary's time
	 */
	public RecentRetryEvents(int capacity, Clock clock) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
		}
		this.ring = new AtomicReferenceArray<>(capacity);
		this.clock = clock;
	}

	/** Records one followed call's events; stateless, so every call shares it. */
	private final CallListener recorder = new CallListener() {

		@Override
		public void onBackoff(RetryEvent event) {
			record("backoff", event);
		}

		@Override
		public void onEnd(RetryEvent event) {
			record((event.reason() != null) ? "giveup" : "success", event);
		}

	};

	@Override
	public CallListener onFirstFailure(RetryEvent firstFailure) {
		return this.recorder;
	}

	private void record(String kind, RetryEvent event) {
		long sequence = this.recorded.getAndIncrement();
		Duration wait = event.waitTime();
		Throwable exception = event.exception();
		this.ring.set((int) (sequence % this.ring.length()), new Recorded(sequence, event.name(), event.target(), kind,
				event.tries(), (wait != null) ? wait.toMillis() : NO_WAIT, event.reason(),
				(exception != null) ? exception.getClass().getName() : null, event.status(), this.clock.instant()));
	}

	/**
	 * Returns the kept summaries, newest first.
	 * @param name a settings entry's name to keep only its events, or {@code null} for
	 * all
	 * @return the summaries
	 */
	public List<Summary> recent(@Nullable String name) {
		List<Summary> recent = new ArrayList<>(this.ring.length());
		for (int i = 0; i < this.ring.length(); i++) {
			Recorded recorded = this.ring.get(i);
			if (recorded != null && (name == null || name.equals(recorded.name()))) {
				recent.add(recorded.summary());
			}
		}
		recent.sort(Comparator.comparingLong(Summary::sequence).reversed());
		return recent;
	}

	/**
	 * One event as recorded: its summary but for the text, written when the summary is
	 * read, so that recording an event builds no string.
	 */
	private record Recorded(long sequence, String name, String target, String kind, int tries, long waitMillis,
			@Nullable GiveUpReason reason, @Nullable String exception, @Nullable Integer status, Instant time) {

		Summary summary() {
			return new Summary(this.sequence, this.name, this.target, this.kind, this.tries,
					(this.waitMillis != NO_WAIT) ? this.waitMillis + "ms" : null,
					(this.reason != null) ? this.reason.tag() : null, this.exception, this.status, this.time);
		}

	}

	/**
	 * One event, summarised.
	 *
	 * @param sequence the event's number since start-up
	 * @param name the settings entry
	 * @param target what was called
	 * @param kind {@code success}, {@code backoff} or {@code giveup}
	 * @param tries the tries made so far
	 * @param waitTime the wait before the next try (backoffs), in milliseconds
	 * ({@code 426ms}); the contract's "wait", a name a record component cannot have
	 * @param reason why retrying ended (give-ups)
	 * @param exception the last failure's class name, if any
	 * @param status the HTTP status it carried, if any
	 * @param time when the event was recorded
	 */
	public record Summary(long sequence, String name, String target, String kind, int tries, @Nullable String waitTime,
			@Nullable String reason, @Nullable String exception, @Nullable Integer status, Instant time) {
	}

}
