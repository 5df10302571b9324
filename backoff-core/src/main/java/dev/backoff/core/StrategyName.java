package dev.backoff.core;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The built-in wait strategies by the names that configuration gives them
 * ({@code backoff.*.strategy}). This is the one mapping between a name such as
 * {@code decorrelated-jitter} and its {@link WaitStrategy}, with the default parameter of
 * each strategy: properties bind to it, error messages and IDE hints list its names, and
 * each built-in strategy's {@code toString()} starts with its name.
 *
 * @since 0.1.0
 */
public enum StrategyName {

	/** {@link WaitStrategy#decorrelatedJitter()}, the default; takes no parameter. */
	DECORRELATED_JITTER("decorrelated-jitter"),

	/**
	 * {@link WaitStrategy#exponential(double)}, factor
	 * {@value #DEFAULT_EXPONENTIAL_FACTOR} unless set.
	 */
	EXPONENTIAL("exponential"),

	/** {@link WaitStrategy#fibonacci()}; takes no parameter. */
	FIBONACCI("fibonacci"),

	/** {@link WaitStrategy#constant()}; takes no parameter. */
	CONSTANT("constant"),

	/**
	 * {@link WaitStrategy#linear(double)}, factor {@value #DEFAULT_LINEAR_FACTOR} unless
	 * set.
	 */
	LINEAR("linear"),

	/**
	 * {@link WaitStrategy#polynomial(double)}, exponent {@value #DEFAULT_EXPONENT} unless
	 * set.
	 */
	POLYNOMIAL("polynomial");

	/** The factor of {@link #EXPONENTIAL} when none is set. */
	public static final double DEFAULT_EXPONENTIAL_FACTOR = 2;

	/** The factor of {@link #LINEAR} when none is set. */
	public static final double DEFAULT_LINEAR_FACTOR = 1;

	/** The exponent of {@link #POLYNOMIAL} when none is set. */
	public static final double DEFAULT_EXPONENT = 2;

	private final String value;

	StrategyName(String value) {
		this.value = value;
	}

	/**
	 * Returns the name as configuration writes it, such as {@code decorrelated-jitter}.
	 * @return the name
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Creates the strategy with the given parameters; a parameter that is {@code null} or
	 * that this strategy does not take is left at its default or ignored.
	 * @param factor the factor of {@link #EXPONENTIAL} or {@link #LINEAR}, or
	 * {@code null}
	 * @param exponent the exponent of {@link #POLYNOMIAL}, or {@code null}
	 * @return the strategy
	 * @throws InvalidRetrySettingsException if a parameter it takes is not positive
	 */
	public WaitStrategy create(@Nullable Double factor, @Nullable Double exponent) {
		return switch (this) {
			case DECORRELATED_JITTER -> WaitStrategy.decorrelatedJitter();
			case EXPONENTIAL -> WaitStrategy.exponential(orDefault(factor, DEFAULT_EXPONENTIAL_FACTOR));
			case FIBONACCI -> WaitStrategy.fibonacci();
			case CONSTANT -> WaitStrategy.constant();
			case LINEAR -> WaitStrategy.linear(orDefault(factor, DEFAULT_LINEAR_FACTOR));
			case POLYNOMIAL -> WaitStrategy.polynomial(orDefault(exponent, DEFAULT_EXPONENT));
		};
	}

	/**
	 * Returns the name of a built-in strategy.
	 * @param strategy a strategy
	 * @return its name, or empty for a strategy of one's own
	 */
	public static Optional<StrategyName> of(WaitStrategy strategy) {
		if (strategy == Strategies.DECORRELATED_JITTER) {
			return Optional.of(DECORRELATED_JITTER);
		}
		if (strategy == Strategies.FIBONACCI) {
			return Optional.of(FIBONACCI);
		}
		if (strategy == Strategies.CONSTANT) {
			return Optional.of(CONSTANT);
		}
		if (strategy instanceof Strategies.Exponential) {
			return Optional.of(EXPONENTIAL);
		}
		if (strategy instanceof Strategies.Linear) {
			return Optional.of(LINEAR);
		}
		return (strategy instanceof Strategies.Polynomial) ? Optional.of(POLYNOMIAL) : Optional.empty();
	}

	/**
	 * Returns the strategy that configuration names {@code value}.
	 * @param value a name such as {@code exponential}
	 * @return the strategy's name, or empty if no built-in strategy has it
	 */
	public static Optional<StrategyName> forValue(String value) {
		return Stream.of(values()).filter((name) -> name.value.equals(value)).findFirst();
	}

	/**
	 * Returns every name, in declaration order, as configuration writes them.
	 * @return the names
	 */
	public static List<String> names() {
		return Stream.of(values()).map(StrategyName::value).toList();
	}

	private static double orDefault(@Nullable Double value, double fallback) {
		return (value != null) ? value : fallback;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
