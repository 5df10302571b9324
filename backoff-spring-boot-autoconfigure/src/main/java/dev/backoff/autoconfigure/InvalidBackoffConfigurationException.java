package dev.backoff.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import dev.backoff.core.InvalidRetrySettingsException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when {@code backoff.*} settings or a {@code @Retryable} annotation are
 * invalid; {@link BackoffConfigurationFailureAnalyzer} turns it into the start-up report.
 * At run time, a refused change of the settings carries the same report.
 *
 * @since 0.1.0
 */
public class InvalidBackoffConfigurationException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final List<Problem> problems;

	/**
	 * Creates an exception.
	 * @param problems what is wrong, at least one
	 */
	public InvalidBackoffConfigurationException(List<Problem> problems) {
		super("Invalid retry configuration:\n"
				+ problems.stream().map((problem) -> "- " + problem.description()).collect(Collectors.joining("\n")));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Returns what is wrong.
	 * @return the problems
	 */
	public List<Problem> getProblems() {
		return this.problems;
	}

	/**
	 * One thing that is wrong, and how to fix it.
	 *
	 * @param description what is wrong, naming the property or method
	 * @param action the fix, in the imperative
	 */
	public record Problem(String description, String action) {

		/**
		 * Returns the problem of a value out of range.
		 * @param property the property (or annotation attribute) that holds the value
		 * @param value the value
		 * @param requirement what it must be, e.g. {@code at least 1}
		 * @return the problem
		 */
		public static Problem ofValue(String property, @Nullable Object value, String requirement) {
			return new Problem(property + " was '" + InvalidRetrySettingsException.render(value) + "' but it must be "
					+ requirement,
					"Change " + property + " to " + requirement + ".");
		}

	}

}
