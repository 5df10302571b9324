package dev.backoff.actuate;

import java.util.Map;
import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;

/**
 * What the {@code backoff} endpoint's write operations change: values of one settings
 * entry set at run time, over the configured ones, until restart (or until reset).
 *
 * @since 0.1.0
 */
public interface RetrySettingsOverrides {

	/**
	 * The keys that can be set at run time, as the endpoint's body names them, each with
	 * the property it sets under {@code backoff.settings.<name>}.
	 */
	Map<String, String> KEYS = Map.of("maxTries", "max-tries", "maxTime", "max-time", "enabled", "enabled", "base",
			"base", "cap", "cap", "budgetEnabled", "budget.enabled");

	/**
	 * Returns the values set at run time.
	 * @return by entry name, the values by key ({@code maxTries}, {@code budgetEnabled});
	 * only the entries that have some
	 */
	Map<String, Map<String, Object>> overrides();

	/**
	 * Sets values of one entry over the earlier ones set at run time, and applies them to
	 * the calls that start from then on. Nothing changes if any value is invalid.
	 * @param name the entry's name
	 * @param values by key (see {@link #KEYS}); {@code null} values are ignored
	 * @throws NoSuchElementException if there is no such entry
	 * @throws IllegalArgumentException if a value is invalid: the message is the report
	 * start-up gives for that value in {@code backoff.settings.<name>.*}
	 */
	void override(String name, Map<String, @Nullable Object> values);

	/**
	 * Returns an entry to its configured values.
	 * @param name the entry's name
	 * @throws NoSuchElementException if there is no such entry
	 */
	void reset(String name);

}
