package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link RetrySettings} value is out of range. Names the setting by its
 * property name ({@code max-tries}, {@code status.404.cap}, ...), so the Spring layer can
 * prefix it with the entry's property path.
 *
 * @since 0.1.0
 */
public class InvalidRetrySettingsException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String setting;

	private final @Nullable Object value;

	private final String requirement;

	/**
	 * Creates an exception.
	 * @param setting the setting's property name, e.g. {@code max-tries}
	 * @param value the rejected value
	 * @param requirement what the value must be, e.g. {@code at least 1}
	 */
	public InvalidRetrySettingsException(String setting, @Nullable Object value, String requirement) {
		super(setting + " was '" + render(value) + "' but it must be " + requirement);
		this.setting = setting;
		this.value = value;
		this.requirement = requirement;
	}

	/**
	 * Renders a rejected value as it is written in configuration: durations as
	 * {@code 10s}, whole numbers without a fraction.
	 * @param value the value
	 * @return the rendering
	 */
	public static String render(@Nullable Object value) {
		if (value instanceof Duration duration) {
			return Durations.format(duration);
		}
		if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) {
			return String.valueOf(number.longValue());
		}
		return String.valueOf(value);
	}

	/**
	 * Returns the setting's property name, relative to its entry.
	 * @return the name, e.g. {@code max-tries}
	 */
	public String getSetting() {
		return this.setting;
	}

	/**
	 * Returns the rejected value.
	 * @return the value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * Returns what the value must be.
	 * @return the requirement
	 */
	public String getRequirement() {
		return this.requirement;
	}

}
