package dev.backoff.core;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The numbers of the built-in entries, in one place: the Orion client's documented
 * defaults, which every {@link RetrySettings.Builder} starts from, and what the
 * interactive entry changes for a person waiting on a screen. Plain values: the settings
 * are built from them by {@link RetrySettings}, which this class does not know.
 */
final class Presets {

	/** The name of the entry a bare {@code @Retryable} uses. */
	static final String DEFAULT_NAME = "default";

	/** The name of the built-in entry with short limits. */
	static final String INTERACTIVE_NAME = "interactive";

	/** Total calls, the first included: 10 retries. */
	static final int MAX_TRIES = 11;

	static final Duration BASE = Duration.ofMillis(100);

	static final Duration CAP = Duration.ofSeconds(90);

	/** Statuses retried. */
	static final Set<Integer> RETRY_ON_STATUS = Set.of(404, 408, 429, 500, 502, 503, 504);

	/** A 404 retried 8 times, a 429 45 times or for one hour. */
	static final Map<Integer, StatusOverride> STATUS_OVERRIDES = Map.of(404, StatusOverride.maxTries(9), 429,
			new StatusOverride(null, null, 46, Duration.ofHours(1)));

	/** The interactive entry: 4 tries in all. */
	static final int INTERACTIVE_MAX_TRIES = 4;

	static final Duration INTERACTIVE_MAX_TIME = Duration.ofSeconds(10);

	static final Duration INTERACTIVE_CAP = Duration.ofSeconds(2);

	/**
	 * The interactive entry's statuses, each replacing the default's: a 404 retried once,
	 * a 429 at most 3 times within 10 s.
	 */
	static final Map<Integer, StatusOverride> INTERACTIVE_STATUS_OVERRIDES = Map.of(404, StatusOverride.maxTries(2),
			429, new StatusOverride(null, null, 4, Duration.ofSeconds(10)));

	private Presets() {
	}

}
