package dev.backoff.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.backoff.core.JitterName;
import dev.backoff.core.StrategyName;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a {@code backoff.*} value that is none of its property's values (a misspelt
 * {@code strategy}, {@code jitter} or {@code nested}) with the valid values as they are
 * written in {@code application.yml}: {@code decorrelated-jitter, exponential, ...}, not
 * the enum constants Spring Boot's own analyzer lists. Strategies and jitters are listed
 * by {@link StrategyName#names()} and {@link JitterName#names()}.
 *
 * @since 0.1.0
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownBackoffValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		Class<?> type = cause.getTarget().getType().resolve();
		List<String> valid = (type != null) ? values(type) : null;
		if (property == null || valid == null) {
			return null;
		}
		String values = String.join(", ", valid);
		String origin = (property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "";
		return new FailureAnalysis(
				"Invalid retry configuration:\n- " + property.getName() + " was '" + property.getValue() + "'" + origin
						+ " but it must be one of " + values,
				"Change " + property.getName() + " to one of " + values + ".", cause);
	}

	/**
	 * The values of an enum that {@code backoff.*} binds, as they are written, or
	 * {@code null} for any other type.
	 */
	private static @Nullable List<String> values(Class<?> type) {
		if (type == StrategyName.class) {
			return StrategyName.names();
		}
		if (type == JitterName.class) {
			return JitterName.names();
		}
		if (!type.isEnum() || !type.getName().startsWith(BackoffProperties.class.getName())) {
			return null;
		}
		return Stream.of(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
	}

}
