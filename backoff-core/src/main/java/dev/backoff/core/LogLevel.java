package dev.backoff.core;

/**
 * The level a kind of log line is written at, or {@link #OFF} for none (Python backoff's
 * {@code backoff_log_level} and {@code giveup_log_level}).
 *
 * @since 0.1.0
 */
public enum LogLevel {

	/** SLF4J's TRACE. */
	TRACE,

	/** SLF4J's DEBUG. */
	DEBUG,

	/** SLF4J's INFO. */
	INFO,

	/** SLF4J's WARN. */
	WARN,

	/** SLF4J's ERROR. */
	ERROR,

	/** Not logged at all. */
	OFF

}
