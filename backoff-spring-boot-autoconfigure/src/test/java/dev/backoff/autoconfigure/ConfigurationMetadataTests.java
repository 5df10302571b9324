package dev.backoff.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the configuration metadata the build generates (the processor's output merged
 * with {@code additional-spring-configuration-metadata.json}) and checks that an IDE can
 * describe and complete every key: each property has a description, every entry key
 * exists for the built-in entries and every status key for the built-in statuses,
 * defaults are shown and enum-like values are hinted. A property added to
 * {@link BackoffProperties} without its metadata fails here, naming what is missing.
 */
class ConfigurationMetadataTests {

	private static Map<String, Map<String, Object>> properties;

	private static Map<String, Map<String, Object>> hints;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void readMetadata() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			DocumentContext metadata = JsonPath.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			properties = byName(metadata.read("$.properties", List.class));
			hints = byName(metadata.read("$.hints", List.class));
		}
	}

	@Test
	void everyPropertyHasADescription() {
		assertThat(properties.values()).filteredOn((property) -> property.get("name").toString().startsWith("backoff."))
			.allSatisfy(
					(property) -> assertThat((String) property.get("description")).as(property.get("name").toString())
						.isNotBlank());
	}

	@Test
	void everyEntryKeyIsDescribedForTheDefaultsAndTheBuiltInEntries() {
		List<String> keys = keys(BackoffProperties.Entry.class, "");
		assertThat(keys).contains("max-tries", "max-time", "strategy", "jitter", "retry-on-status", "outcome-wait",
				"listeners", "logging.logger", "logging.backoff-level", "logging.give-up-level");
		for (String prefix : List.of("backoff.defaults.", "backoff.settings.default.",
				"backoff.settings.interactive.")) {
			assertThat(properties).as(prefix)
				.containsKeys(keys.stream().map((key) -> prefix + key).toArray(String[]::new));
		}
	}

	@Test
	void everyStatusKeyIsDescribedForTheBuiltInStatuses() {
		List<String> keys = keys(BackoffProperties.Status.class, "");
		assertThat(keys).containsExactlyInAnyOrder("base", "cap", "max-tries", "max-time");
		for (String code : List.of("404", "429")) {
			String prefix = "backoff.defaults.status." + code + ".";
			assertThat(properties).containsKeys(keys.stream().map((key) -> prefix + key).toArray(String[]::new));
		}
		assertThat(properties.get("backoff.defaults.status.429.max-time")).containsEntry("defaultValue", "1h");
		assertThat(properties.get("backoff.defaults.status.404.max-tries")).containsEntry("defaultValue", 9);
	}

	@Test
	void defaultsAreShown() {
		for (String name : List.of("backoff.enabled", "backoff.nested", "backoff.http.settings", "backoff.http.methods",
				"backoff.defaults.max-tries", "backoff.defaults.base", "backoff.defaults.cap",
				"backoff.defaults.strategy", "backoff.defaults.jitter", "backoff.defaults.retry-on",
				"backoff.defaults.retry-on-status", "backoff.settings.interactive.max-tries",
				"backoff.settings.interactive.max-time")) {
			assertThat(properties.get(name)).as(name).containsKey("defaultValue");
		}
		assertThat(properties.get("backoff.settings.interactive.max-tries")).containsEntry("defaultValue", 4);
		assertThat(properties.get("backoff.defaults.jitter")).containsEntry("defaultValue", "full");
		assertThat(properties.get("backoff.defaults.budget.capacity")).containsEntry("defaultValue", 500);
		assertThat(properties.get("backoff.defaults.budget.enabled")).containsEntry("defaultValue", false);
	}

	@Test
	void enumLikeValuesAreHintedAsTheyAreWritten() {
		for (String name : List.of("backoff.defaults.strategy", "backoff.settings.default.strategy",
				"backoff.settings.interactive.strategy", "backoff.defaults.jitter", "backoff.settings.default.jitter",
				"backoff.settings.interactive.jitter", "backoff.http.methods", "backoff.http.settings",
				"backoff.settings.keys")) {
			assertThat(hints).as(name).containsKey(name);
		}
		assertThat(hintValues("backoff.defaults.strategy")).containsExactly("decorrelated-jitter", "exponential",
				"fibonacci", "constant", "linear", "polynomial");
		assertThat(hintValues("backoff.http.settings")).contains("default", "interactive");
		assertThat(hintValues("backoff.http.methods")).contains("GET", "POST");
	}

	@Test
	void loggingDefaultsAndLevelsAreShownAsTheyAreWritten() {
		assertThat(properties.get("backoff.defaults.logging.logger")).containsEntry("defaultValue", "dev.backoff");
		assertThat(properties.get("backoff.settings.default.logging.backoff-level")).containsEntry("defaultValue",
				"info");
		assertThat(properties.get("backoff.settings.interactive.logging.give-up-level")).containsEntry("defaultValue",
				"error");
		for (String prefix : List.of("backoff.defaults.", "backoff.settings.default.",
				"backoff.settings.interactive.")) {
			for (String key : List.of("logging.backoff-level", "logging.give-up-level")) {
				assertThat(hintValues(prefix + key)).as(prefix + key)
					.containsExactly("trace", "debug", "info", "warn", "error", "off");
			}
		}
		assertThat(properties).containsKey("backoff.http.groups");
		assertThat(hintValues("backoff.http.groups.values.settings")).contains("default", "interactive");
	}

	@SuppressWarnings("unchecked")
	private static List<Object> hintValues(String name) {
		return ((List<Map<String, Object>>) hints.get(name).get("values")).stream()
			.map((value) -> value.get("value"))
			.collect(Collectors.toList());
	}

	/**
	 * The keys of a properties class, nested groups flattened: {@code max-tries},
	 * {@code budget.capacity}.
	 */
	private static List<String> keys(Class<?> type, String prefix) {
		List<String> keys = new ArrayList<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			Class<?> propertyType = property.getPropertyType();
			if (property.getReadMethod() == null || property.getName().equals("class")
					|| Map.class.isAssignableFrom(propertyType)) {
				continue;
			}
			String key = prefix + property.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
			if (propertyType.getName().startsWith(BackoffProperties.class.getName()) && !propertyType.isEnum()) {
				keys.addAll(keys(propertyType, key + "."));
			}
			else {
				keys.add(key);
			}
		}
		return keys;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Map<String, Map<String, Object>> byName(List items) {
		return byName0(items);
	}

	private static Map<String, Map<String, Object>> byName0(List<Map<String, Object>> items) {
		return items.stream()
			.collect(Collectors.toMap((item) -> (String) item.get("name"), (item) -> item, (a, b) -> a));
	}

}
