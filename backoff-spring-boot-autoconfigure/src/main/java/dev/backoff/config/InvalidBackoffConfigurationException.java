package dev.backoff.config;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.backoff.core.InvalidRetrySettingsException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when {@code backoff.*} settings or a {@code @Retryable} annotation
 * are invalid; the starter's failure analyzer turns it into the start-up report. At run
 * time, a refused change of the settings carries the same report.
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
					+ requirement, "Change " + property + " to " + requirement + ".");
		}

		/**
		 * Returns the problem of a name that is not a bean of the type it must be: with
		 * the closest name of such a bean when one is close enough to be what was meant,
		 * else with every such bean's name.
		 * @param property where the name is written, e.g.
		 * {@code backoff.settings.billing.listeners}
		 * @param name the name as written
		 * @param type the type the bean must have
		 * @param candidates the names of the beans of that type
		 * @return the problem
		 */
		public static Problem ofUnknownBean(String property, String name, Class<?> type,
				Collection<String> candidates) {
			String typeName = type.getSimpleName();
			String closest = ClosestNames.closest(name, candidates);
			if (closest != null) {
				return new Problem(
						property + " names '" + name + "', which is not a bean of type " + typeName + "; did you mean '"
								+ closest + "'?",
						"Change '" + name + "' to '" + closest + "' in " + property + ", or declare a " + typeName
								+ " bean named '" + name + "'.");
			}
			return new Problem(
					property + " names '" + name + "', which is not a bean of type " + typeName + " (the " + typeName
							+ " beans are " + new TreeSet<>(candidates) + ")",
					"Declare " + (startsWithVowel(typeName) ? "an " : "a ") + typeName + " bean named '" + name
							+ "', or correct " + property + ".");
		}

		private static boolean startsWithVowel(String word) {
			return "AEIOU".indexOf(word.charAt(0)) >= 0;
		}

	}

}
