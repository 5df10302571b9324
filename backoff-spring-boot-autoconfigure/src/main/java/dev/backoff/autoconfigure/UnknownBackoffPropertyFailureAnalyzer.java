package dev.backoff.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.backoff.config.ClosestNames;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;

/**
 * Reports a misspelt key under {@code backoff.*}, which the binder refuses
 * ({@code ignoreUnknownFields = false}) instead of silently ignoring it: each key with
 * the closest valid one at that place ("did you mean {@code max-tries}?"), found among
 * the properties of {@link BackoffProperties}. Other unbound keys are left to Spring
 * Boot's own analyzer.
 *
 * @since 0.1.0
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownBackoffPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	private static final String PREFIX = "backoff";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unknown = cause.getUnboundProperties()
			.stream()
			.filter((property) -> ConfigurationPropertyName.of(PREFIX).isAncestorOf(property.getName()))
			.sorted()
			.toList();
		if (unknown.isEmpty()) {
			return null;
		}
		List<String> descriptions = new ArrayList<>();
		List<String> actions = new ArrayList<>();
		for (ConfigurationProperty property : unknown) {
			String name = property.getName().toString();
			String suggestion = suggestion(property.getName());
			String origin = (property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "";
			descriptions.add("- " + name + " is not a retry setting" + origin
					+ ((suggestion != null) ? "; did you mean " + suggestion + "?" : ""));
			actions.add((suggestion != null) ? "Rename " + name + " to " + suggestion + "."
					: "Remove " + name + ", or correct it to one of the properties listed in the README.");
		}
		return new FailureAnalysis(
				descriptions.stream().collect(Collectors.joining("\n", "Unknown retry configuration:\n", "")),
				String.join("\n", actions), cause);
	}

	/** The valid name closest to the unknown one at the same place, or {@code null}. */
	private static @Nullable String suggestion(ConfigurationPropertyName name) {
		ResolvableType type = ResolvableType.forClass(BackoffProperties.class);
		StringBuilder path = new StringBuilder(PREFIX);
		for (int i = 1; i < name.getNumberOfElements() - 1; i++) {
			String element = name.getElement(i, ConfigurationPropertyName.Form.DASHED);
			path.append('.').append(element);
			if (Map.class.isAssignableFrom(type.toClass())) {
				type = type.asMap().getGeneric(1);
				continue;
			}
			PropertyDescriptor property = property(type.toClass(), element);
			if (property == null || property.getReadMethod() == null) {
				return null;
			}
			type = ResolvableType.forMethodReturnType(property.getReadMethod());
		}
		if (Map.class.isAssignableFrom(type.toClass())) {
			return null;
		}
		String wrong = name.getLastElement(ConfigurationPropertyName.Form.DASHED);
		List<String> candidates = new ArrayList<>();
		for (PropertyDescriptor candidate : BeanUtils.getPropertyDescriptors(type.toClass())) {
			if (candidate.getReadMethod() != null && !candidate.getName().equals("class")) {
				candidates.add(dashed(candidate.getName()));
			}
		}
		String best = ClosestNames.closest(wrong, candidates);
		return (best != null) ? path + "." + best : null;
	}

	private static @Nullable PropertyDescriptor property(Class<?> type, String dashed) {
		for (PropertyDescriptor candidate : BeanUtils.getPropertyDescriptors(type)) {
			if (dashed(candidate.getName()).equals(dashed)) {
				return candidate;
			}
		}
		return null;
	}

	private static String dashed(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
