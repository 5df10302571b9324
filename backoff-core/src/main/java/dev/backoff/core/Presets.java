package dev.backoff.core;

import java.time.Duration;

/**
 * The built-in entries: the Orion client's documented defaults, and the short settings
 * for a person waiting on a screen.
 */
final class Presets {

	static final RetrySettings DEFAULTS = RetrySettings.builder().build();

	static final RetrySettings INTERACTIVE = RetrySettings.builder()
		.maxTries(4)
		.maxTime(Duration.ofSeconds(10))
		.cap(Duration.ofSeconds(2))
		.status(404, StatusOverride.maxTries(2))
		.status(429, new StatusOverride(null, null, 4, Duration.ofSeconds(10)))
		.build();

	private Presets() {
	}

}
