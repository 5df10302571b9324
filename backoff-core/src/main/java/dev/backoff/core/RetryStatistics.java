package dev.backoff.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * The running count of successes for one target (an annotated method, a retrier's label,
 * an HTTP host) under one settings entry, kept by the registry for as long as it lives,
 * across {@link RetryRegistry#replace}. Given to {@link RetryListener#onNewTarget} so a
 * metrics binding can read it (Micrometer's function counter does): a success builds no
 * event, so the engine counts it. Backoffs and give-ups build events, which listeners
 * count.
 * <p>
 * Successes are counted only while some listener overrides {@code onNewTarget}, so a call
 * that nobody measures costs nothing.
 *
 * @since 0.1.0
 */
public final class RetryStatistics {

	private final String name;

	private final String target;

	final LongAdder successes = new LongAdder();

	RetryStatistics(String name, String target) {
		this.name = name;
		this.target = target;
	}

	/**
	 * Returns the settings entry's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the target, as events name it.
	 * @return the target
	 */
	public String target() {
		return this.target;
	}

	/**
	 * Returns the calls that succeeded, on any try.
	 * @return the count
	 */
	public long successes() {
		return this.successes.sum();
	}

	@Override
	public String toString() {
		return "RetryStatistics[" + this.name + ", " + this.target + "]";
	}

}
