package dev.backoff.core;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every retrier of a registry shares: time, randomness, listeners, status extraction
 * and the on/off switch.
 */
final class RetryRuntime {

	private static final Logger logger = LoggerFactory.getLogger("dev.backoff");

	static final RetryRuntime DEFAULT = new RetryRuntime(true, Sleeper.threadSleep(), MonotonicClock.get(), null,
			List.of(), StatusCodeExtractor.HOLDERS, null);

	final boolean enabled;

	final Sleeper sleeper;

	private final Clock clock;

	private final boolean monotonic;

	private final @Nullable Scheduler scheduler;

	final RetryListener[] listeners;

	final StatusCodeExtractor extractor;

	private final @Nullable RandomGenerator random;

	RetryRuntime(boolean enabled, Sleeper sleeper, Clock clock, @Nullable Scheduler scheduler,
			List<RetryListener> listeners, StatusCodeExtractor extractor, @Nullable RandomGenerator random) {
		this.enabled = enabled;
		this.sleeper = sleeper;
		this.clock = clock;
		this.monotonic = clock instanceof MonotonicClock;
		this.scheduler = scheduler;
		this.listeners = listeners.toArray(RetryListener[]::new);
		this.extractor = extractor;
		this.random = random;
	}

	long nanoTime() {
		if (this.monotonic) {
			return System.nanoTime();
		}
		Instant now = this.clock.instant();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	double nextRandom() {
		RandomGenerator source = this.random;
		if (source == null) {
			return ThreadLocalRandom.current().nextDouble();
		}
		synchronized (source) {
			return source.nextDouble();
		}
	}

	Scheduler scheduler() {
		return (this.scheduler != null) ? this.scheduler : SharedScheduler.INSTANCE;
	}

	boolean hasListeners() {
		return this.listeners.length > 0;
	}

	void notifySuccess(RetryEvent event) {
		notify(event, RetryListener::onSuccess);
	}

	void notifyBackoff(RetryEvent event) {
		notify(event, RetryListener::onBackoff);
	}

	void notifyGiveUp(RetryEvent event) {
		notify(event, RetryListener::onGiveUp);
	}

	/** Tells every listener; one that throws is logged and skipped. */
	private void notify(RetryEvent event, BiConsumer<RetryListener, RetryEvent> method) {
		for (RetryListener listener : this.listeners) {
			try {
				method.accept(listener, event);
			}
			catch (RuntimeException ex) {
				logger.warn("RetryListener {} failed on {}; the call's outcome is unchanged", listener, event, ex);
			}
		}
	}

	/** The scheduler used when none is given: one daemon thread, created on first use. */
	private static final class SharedScheduler {

		static final Scheduler INSTANCE;

		static {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "backoff-scheduler");
				thread.setDaemon(true);
				return thread;
			});
			INSTANCE = Scheduler.of(executor);
		}

		private SharedScheduler() {
		}

	}

}
