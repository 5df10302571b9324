package dev.backoff.autoconfigure;

import java.util.stream.Collectors;

import dev.backoff.config.InvalidBackoffConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports invalid retry configuration at start-up: each problem on its own line, naming
 * the property (or the annotated method), and what to do about it.
 *
 * @since 0.1.0
 */
class BackoffConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidBackoffConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidBackoffConfigurationException cause) {
		String description = cause.getProblems()
			.stream()
			.map((problem) -> "- " + problem.description())
			.collect(Collectors.joining("\n", "Invalid retry configuration:\n", ""));
		String action = cause.getProblems()
			.stream()
			.map(InvalidBackoffConfigurationException.Problem::action)
			.distinct()
			.collect(Collectors.joining("\n"));
		return new FailureAnalysis(description, action, cause);
	}

}
