package dev.backoff.core;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built-in {@link Jitter} functions by the names that configuration gives them
 * ({@code backoff.*.jitter}). This is the one mapping between a name such as {@code full}
 * and its jitter: properties bind to it, error messages and IDE hints list its names, and
 * each built-in jitter's {@code toString()} is its name.
 *
 * @since 0.1.0
 */
public enum JitterName {

	/** {@link Jitter#full()}, Python backoff's default. */
	FULL("full", Jitters.FULL),

	/** {@link Jitter#equal()}. */
	EQUAL("equal", Jitters.EQUAL),

	/** {@link Jitter#random()}, Python backoff's {@code random_jitter}. */
	RANDOM("random", Jitters.RANDOM),

	/** {@link Jitter#none()}: the wait as computed. */
	NONE("none", Jitters.NONE);

	private final String value;

	private final Jitter jitter;

	JitterName(String value, Jitter jitter) {
		this.value = value;
		this.jitter = jitter;
	}

	/**
	 * Returns the name as configuration writes it, such as {@code full}.
	 * @return the name
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Returns the jitter of this name.
	 * @return the jitter
	 */
	public Jitter jitter() {
		return this.jitter;
	}

	/**
	 * Returns the name of a built-in jitter.
	 * @param jitter a jitter
	 * @return its name, or empty for a jitter of one's own
	 */
	public static Optional<JitterName> of(Jitter jitter) {
		return Stream.of(values()).filter((name) -> name.jitter == jitter).findFirst();
	}

	/**
	 * Returns the jitter that configuration names {@code value}.
	 * @param value a name such as {@code equal}
	 * @return the jitter's name, or empty if no built-in jitter has it
	 */
	public static Optional<JitterName> forValue(String value) {
		return Stream.of(values()).filter((name) -> name.value.equals(value)).findFirst();
	}

	/**
	 * Returns every name, in declaration order, as configuration writes them.
	 * @return the names
	 */
	public static List<String> names() {
		return Stream.of(values()).map(JitterName::value).toList();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
