package dev.backoff.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import dev.backoff.core.JitterName;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.StatusOverride;
import dev.backoff.core.StrategyName;
import dev.backoff.core.WaitStrategy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults live in the core ({@link RetrySettings#defaults()} and what it is built
 * from); the IDE metadata, the properties' descriptions and the README's settings table
 * only repeat them. These tests fail, naming the key, as soon as any of those says
 * otherwise, and check that the strategy and jitter values offered to the IDE are the
 * names of {@link StrategyName} and {@link JitterName}.
 */
class SettingsDefaultsTests {

	private static final Pattern DESCRIBED_DEFAULT = Pattern.compile("\\(default ([^;:)]*)");

	private static final Pattern README_ROW = Pattern.compile("^\\| `([^|]+)` \\| ([^|]+) \\|");

	private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

	private static Map<String, Map<String, Object>> properties;

	private static Map<String, List<Object>> hints;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void readMetadata() throws IOException {
		try (InputStream in = SettingsDefaultsTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			properties = new LinkedHashMap<>();
			for (Map<String, Object> property : (List<Map<String, Object>>) JsonPath.read(json, "$.properties")) {
				properties.putIfAbsent((String) property.get("name"), property);
			}
			hints = new LinkedHashMap<>();
			for (Map<String, Object> hint : (List<Map<String, Object>>) JsonPath.read(json, "$.hints")) {
				hints.putIfAbsent((String) hint.get("name"),
						((List<Map<String, Object>>) hint.get("values")).stream()
							.map((value) -> value.get("value"))
							.toList());
			}
		}
	}

	@Test
	void metadataShowsTheCoreDefaults() {
		assertMetadataDefaults("backoff.defaults.", RetrySettings.defaults());
		assertMetadataDefaults("backoff.settings.default.", RetrySettings.defaults());
		assertMetadataDefaults("backoff.settings.interactive.", RetrySettings.interactive());
		assertThat(properties.get("backoff.http.settings")).containsEntry("defaultValue", RetryRegistry.DEFAULT);
	}

	@Test
	void metadataShowsTheCorePerStatusDefaults() {
		Map<String, String> expected = new TreeMap<>();
		RetrySettings.DEFAULT_STATUS_OVERRIDES.forEach((code, override) -> statusKeys(override)
			.forEach((key, value) -> expected.put("backoff.defaults.status." + code + "." + key, text(value))));
		Map<String, String> shown = new TreeMap<>();
		properties.forEach((name, property) -> {
			if (name.startsWith("backoff.defaults.status.") && property.get("defaultValue") != null) {
				shown.put(name, text(property.get("defaultValue")));
			}
		});
		assertThat(shown).isNotEmpty().isEqualTo(expected);
	}

	@Test
	void descriptionsStateTheCoreDefaults() {
		Map<String, @Nullable Object> defaults = entryDefaults(RetrySettings.defaults());
		List<String> checked = new ArrayList<>();
		properties.forEach((name, property) -> {
			String key = entryKey(name);
			String description = (String) property.get("description");
			if (key == null || description == null || !defaults.containsKey(key)) {
				return;
			}
			Matcher matcher = DESCRIBED_DEFAULT.matcher(description);
			if (matcher.find()) {
				assertThat(matcher.group(1).trim()).as("the default in the description of " + name)
					.isEqualTo(text(defaults.get(key)));
				checked.add(key);
			}
		});
		assertThat(checked).as("every entry key's description states its default")
			.containsAll(defaults.keySet().stream().filter((key) -> !key.equals("jitter")).toList());
		assertThat((String) properties.get("backoff.defaults.factor").get("description"))
			.contains("linear (default " + text(StrategyName.DEFAULT_LINEAR_FACTOR) + ")");
		String statuses = RetrySettings.DEFAULT_STATUS_OVERRIDES.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> entry.getKey() + " "
					+ statusKeys(entry.getValue()).entrySet()
						.stream()
						.map((limit) -> limit.getKey() + " " + text(limit.getValue()))
						.collect(Collectors.joining(" and ")))
			.collect(Collectors.joining("; "));
		assertThat((String) properties.get("backoff.defaults.status").get("description"))
			.contains("(defaults: " + statuses + ")");
	}

	@Test
	void readmeSettingsTableShowsTheCoreDefaults() throws IOException {
		Map<String, String> rows = readmeRows();
		Map<String, @Nullable Object> defaults = entryDefaults(RetrySettings.defaults());
		defaults.forEach((key, value) -> {
			String cell = rows.get("…." + key);
			assertThat(cell).as("README row for ….%s", key).isNotNull();
			assertThat(firstValue(cell)).as("README default of ….%s", key).isEqualTo(text(value));
		});
		assertThat(rows.get("….factor")).contains("`" + text(StrategyName.DEFAULT_LINEAR_FACTOR) + "` (linear)");
		assertThat(rows.get("….jitter")).contains("`" + JitterName.NONE.value() + "` for `"
				+ StrategyName.of(RetrySettings.defaults().strategy()).orElseThrow().value() + "`");
		for (String limit : List.of("max-tries", "max-time")) {
			Map<String, String> expected = new TreeMap<>();
			RetrySettings.DEFAULT_STATUS_OVERRIDES.forEach((code, override) -> {
				Object value = statusKeys(override).get(limit);
				if (value != null) {
					expected.put(String.valueOf(code), text(value));
				}
			});
			Map<String, String> shown = new TreeMap<>();
			Matcher pairs = Pattern.compile("`(\\d{3})`: `([^`]+)`").matcher(rows.get("….status.<code>." + limit));
			while (pairs.find()) {
				shown.put(pairs.group(1), pairs.group(2));
			}
			assertThat(shown).as("README row for ….status.<code>.%s", limit).isEqualTo(expected);
		}
		assertThat(RetrySettings.DEFAULT_STATUS_OVERRIDES.values())
			.allSatisfy((override) -> assertThat(override.base()).isNull())
			.allSatisfy((override) -> assertThat(override.cap()).isNull());
		assertThat(rows.get("….status.<code>.base` / `.cap")).isEqualTo("inherited");
		assertThat(firstValue(rows.get("backoff.http.settings"))).isEqualTo(RetryRegistry.DEFAULT);
	}

	@Test
	void entriesInheritEveryValueAndTheirDefaultsComeFromTheCore() {
		BackoffProperties.Entry entry = new BackoffProperties.Entry();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(BackoffProperties.Entry.class)) {
			if (property.getWriteMethod() != null && !Map.class.isAssignableFrom(property.getPropertyType())) {
				assertThat(ReflectionUtils.invokeMethod(property.getReadMethod(), entry))
					.as("backoff.*.%s is unset until configured, so the core's default applies", property.getName())
					.isNull();
			}
		}
		assertThat(entry.getBudget()).hasAllNullFieldsOrProperties();
		assertThat(entry.getLogging()).hasAllNullFieldsOrProperties();
		assertThat(new BackoffProperties().getHttp().getSettings())
			.as("a literal, so that the configuration processor sees it")
			.isEqualTo(RetryRegistry.DEFAULT);
	}

	@Test
	void strategyAndJitterHintsAreTheNamesOfTheCoreMapping() {
		List<String> typed = properties.values()
			.stream()
			.filter((property) -> StrategyName.class.getName().equals(property.get("type"))
					|| JitterName.class.getName().equals(property.get("type")))
			.map((property) -> (String) property.get("name"))
			.toList();
		assertThat(typed).contains("backoff.defaults.strategy", "backoff.defaults.jitter",
				"backoff.settings.default.strategy", "backoff.settings.interactive.jitter");
		assertThat(hints.keySet()).containsAll(typed);
		hints.forEach((name, values) -> {
			if (name.endsWith(".strategy")) {
				assertThat(values).as(name).isEqualTo(List.copyOf(StrategyName.names()));
			}
			else if (name.endsWith(".jitter")) {
				assertThat(values).as(name).isEqualTo(List.copyOf(JitterName.names()));
			}
		});
	}

	private static void assertMetadataDefaults(String prefix, RetrySettings settings) {
		entryDefaults(settings).forEach((key, expected) -> {
			Map<String, Object> property = properties.get(prefix + key);
			assertThat(property).as(prefix + key).isNotNull();
			Object shown = property.get("defaultValue");
			if (shown != null) {
				assertThat(text(shown)).as("the default of %s in the metadata", prefix + key).isEqualTo(text(expected));
			}
			else {
				assertThat(key.equals("jitter") || isNone(expected))
					.as("%s has a default (%s) that the metadata does not show", prefix + key, text(expected))
					.isTrue();
			}
		});
	}

	/**
	 * An entry's values by key, as configuration names them, taken from built settings.
	 */
	private static Map<String, @Nullable Object> entryDefaults(RetrySettings settings) {
		Map<String, @Nullable Object> defaults = new LinkedHashMap<>();
		defaults.put("max-tries", settings.maxTries());
		defaults.put("max-time", settings.maxTime());
		defaults.put("strategy", StrategyName.of(settings.strategy()).orElseThrow().value());
		defaults.put("base", settings.base());
		defaults.put("cap", settings.cap());
		defaults.put("factor", StrategyName.DEFAULT_EXPONENTIAL_FACTOR);
		defaults.put("exponent", StrategyName.DEFAULT_EXPONENT);
		// the jitter of a strategy that does not draw its own randomness
		defaults.put("jitter",
				JitterName.of(settings.toBuilder().strategy(WaitStrategy.constant()).jitter(null).build().jitter())
					.orElseThrow()
					.value());
		defaults.put("retry-on", settings.retryOn().stream().map(Class::getName).toList());
		defaults.put("give-up-on", settings.giveUpOn().stream().map(Class::getName).toList());
		defaults.put("retry-on-status", settings.retryOnStatus().stream().sorted().toList());
		defaults.put("raise-on-give-up", settings.raiseOnGiveUp());
		defaults.put("enabled", settings.enabled());
		defaults.put("outcome-wait", settings.outcomeWait());
		defaults.put("listeners", settings.listeners());
		defaults.put("budget.enabled", settings.budget().enabled());
		defaults.put("budget.capacity", settings.budget().capacity());
		defaults.put("budget.retry-cost", settings.budget().retryCost());
		defaults.put("budget.refund", settings.budget().refund());
		defaults.put("budget.retry-after-cost", settings.budget().retryAfterCost());
		defaults.put("logging.logger", settings.logging().logger());
		defaults.put("logging.backoff-level", settings.logging().backoffLevel());
		defaults.put("logging.give-up-level", settings.logging().giveUpLevel());
		return defaults;
	}

	private static Map<String, Object> statusKeys(StatusOverride override) {
		Map<String, Object> keys = new LinkedHashMap<>();
		if (override.base() != null) {
			keys.put("base", override.base());
		}
		if (override.cap() != null) {
			keys.put("cap", override.cap());
		}
		if (override.maxTries() != null) {
			keys.put("max-tries", override.maxTries());
		}
		if (override.maxTime() != null) {
			keys.put("max-time", override.maxTime());
		}
		return keys;
	}

	/**
	 * The entry key of a property ({@code max-tries} for
	 * {@code backoff.settings.x.max-tries} and
	 * {@code backoff.defaults.status.404.max-tries}), or {@code null} if it is no entry
	 * key.
	 */
	private static @Nullable String entryKey(String name) {
		Matcher matcher = Pattern.compile("backoff\\.(?:defaults|settings\\.[^.]+)\\.(?:status\\.\\d+\\.)?(.+)")
			.matcher(name);
		return matcher.matches() ? matcher.group(1) : null;
	}

	/** A value as the metadata, descriptions and README write it. */
	private static String text(@Nullable Object value) {
		if (isNone(value)) {
			return "none";
		}
		if (value instanceof Collection<?> values) {
			return values.stream().map(SettingsDefaultsTests::text).collect(Collectors.joining(", "));
		}
		if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
			return String.valueOf(number.longValue());
		}
		if (value instanceof Duration duration) {
			return duration(duration);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT);
		}
		return String.valueOf(value);
	}

	private static boolean isNone(@Nullable Object value) {
		return value == null || (value instanceof Collection<?> values && values.isEmpty());
	}

	private static String duration(Duration duration) {
		if (duration.toMillis() % 3_600_000 == 0) {
			return duration.toHours() + "h";
		}
		if (duration.toMillis() % 60_000 == 0) {
			return duration.toMinutes() + "m";
		}
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	/** The first value a README cell shows: {@code none}, or its first code span. */
	private static String firstValue(String cell) {
		if (cell.startsWith("none")) {
			return "none";
		}
		Matcher matcher = BACKTICKED.matcher(cell);
		return matcher.find() ? matcher.group(1) : cell;
	}

	/** The README's settings table: default cells by property. */
	private static Map<String, String> readmeRows() throws IOException {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isDirectory(dir.resolve("backoff-core"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("the repository root, above " + Path.of("").toAbsolutePath()).isNotNull();
		List<String> lines = Files.readAllLines(dir.resolve("README.md"));
		int start = lines.indexOf("## Settings");
		assertThat(start).as("README's ## Settings").isNotNegative();
		Map<String, String> rows = new LinkedHashMap<>();
		for (String line : lines.subList(start, lines.size())) {
			if (line.startsWith("## ") && !rows.isEmpty()) {
				break;
			}
			Matcher matcher = README_ROW.matcher(line);
			if (matcher.find()) {
				rows.put(matcher.group(1), matcher.group(2).trim());
			}
		}
		return rows;
	}

}
