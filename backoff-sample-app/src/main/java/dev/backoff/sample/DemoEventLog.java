package dev.backoff.sample;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A {@link RetryListener} bean, picked up automatically: logs the details of every event
 * and keeps each demo run's events so {@code /demo/{scenario}} can report its waits. A
 * run is recognised by its first argument ({@code run-...}) or, for calls without
 * arguments, by the thread that runs the scenario.
 */
@Component
public class DemoEventLog implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(DemoEventLog.class);

	private static final ThreadLocal<String> currentRun = new ThreadLocal<>();

	private final Map<String, List<RetryEvent>> events = new ConcurrentHashMap<>();

	@Override
	public void onSuccess(RetryEvent event) {
		logger.info("success: {} after {} tries in {} ms", event.target(), event.tries(), event.elapsed().toMillis());
		record(event);
	}

	@Override
	public void onBackoff(RetryEvent event) {
		logger.info("backoff: {} try {} failed ({}{}), waiting {} ms", event.target(), event.tries(),
				event.exceptionName(), (event.status() != null) ? " " + event.status() : "",
				Objects.requireNonNull(event.waitTime(), "a backoff event's wait").toMillis());
		record(event);
	}

	@Override
	public void onGiveUp(RetryEvent event) {
		logger.info("give-up: {} after {} tries ({}, {}{})", event.target(), event.tries(),
				Objects.requireNonNull(event.reason(), "a give-up event's reason").tag(), event.exceptionName(),
				(event.status() != null) ? " " + event.status() : "");
		record(event);
	}

	/** Marks the scenario that runs on this thread. */
	static void startRun(String run) {
		currentRun.set(run);
	}

	static void endRun() {
		currentRun.remove();
	}

	/** Returns the events of a run, in order. */
	List<RetryEvent> eventsOf(String run) {
		return this.events.getOrDefault(run, List.of());
	}

	private void record(RetryEvent event) {
		String run = runOf(event);
		if (run != null) {
			this.events.computeIfAbsent(run, (key) -> new CopyOnWriteArrayList<>()).add(event);
		}
	}

	private static @Nullable String runOf(RetryEvent event) {
		@Nullable Object @Nullable [] arguments = event.arguments();
		if (arguments != null && arguments.length > 0 && arguments[0] instanceof String first
				&& first.startsWith("run-")) {
			return first;
		}
		return currentRun.get();
	}

}
