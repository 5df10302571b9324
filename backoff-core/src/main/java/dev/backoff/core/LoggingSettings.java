package dev.backoff.core;

import java.util.Objects;

/**
 * How an entry's retries are logged (Python backoff's {@code logger},
 * {@code backoff_log_level} and {@code giveup_log_level}): the logger's name, the level
 * of each backoff line and the level of a give-up line when a retry happened or a limit
 * ended it. A first failure that is simply not retried is logged at DEBUG, and the
 * caller's own ending (cancelled, interrupted, shut down) at INFO, unless the give-up
 * level is {@link LogLevel#OFF}: then no give-up line of the entry is written at all, the
 * budget warning included. Both levels {@code OFF} silence the entry.
 *
 * @param logger the logger's name (default {@code dev.backoff}), not blank
 * @param backoffLevel the level of each backoff (default INFO)
 * @param giveUpLevel the level of a give-up after a retry or at a limit (default ERROR)
 * @since 0.1.0
 */
public record LoggingSettings(String logger, LogLevel backoffLevel, LogLevel giveUpLevel) {

	/** The logger every entry uses unless told: {@code dev.backoff}. */
	public static final String DEFAULT_LOGGER = "dev.backoff";

	/** Logger {@code dev.backoff}, backoffs at INFO, give-ups at ERROR. */
	public static final LoggingSettings DEFAULTS = new LoggingSettings(DEFAULT_LOGGER, LogLevel.INFO, LogLevel.ERROR);

	/**
	 * Checks the values.
	 * @param logger not blank
	 * @param backoffLevel the level of backoffs
	 * @param giveUpLevel the level of give-ups
	 */
	public LoggingSettings {
		Objects.requireNonNull(logger, "logging.logger");
		if (logger.isBlank()) {
			throw new InvalidRetrySettingsException("logging.logger", logger, "a logger name such as dev.backoff");
		}
		Objects.requireNonNull(backoffLevel, "logging.backoff-level");
		Objects.requireNonNull(giveUpLevel, "logging.give-up-level");
	}

}
