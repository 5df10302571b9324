package dev.backoff.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import dev.backoff.actuate.RetrySettingsOverrides;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import dev.backoff.core.BudgetSettings;
import dev.backoff.core.Durations;
import dev.backoff.core.InvalidRetrySettingsException;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.Environment;

/**
 * Keeps the registry's entries in step with {@code backoff.*} while the application runs,
 * and holds the values an operator sets at run time (the {@code backoff} endpoint's write
 * operations) over the configured ones.
 * <p>
 * {@link #refresh()} binds {@code backoff.*} afresh from the {@link Environment} (never
 * from the {@link BackoffProperties} bean, which Spring Cloud's rebinder resets to its
 * defaults while it rebinds), validates the whole configuration with the code start-up
 * uses, lays the run-time values over it again, and swaps every entry in one step
 * ({@link RetryRegistry#replaceAll}). An invalid configuration is refused as a whole: the
 * running settings are kept and the report start-up would give is logged. Entries set in
 * code under a configured name (a {@link RetryRegistryCustomizer},
 * {@link RetryRegistry#replace}) are left as code set them; an entry no longer configured
 * returns to the inherited values rather than disappear, since methods may name it.
 * <p>
 * Thread-safe: changes are made one at a time; calls never wait on them.
 *
 * @since 0.1.0
 */
public final class BackoffSettingsRebinder implements RetrySettingsOverrides {

	private static final Logger logger = LoggerFactory.getLogger(BackoffSettingsRebinder.class);

	private static final String PREFIX = "backoff";

	private final Environment environment;

	private final RetrySettingsFactory factory;

	private final ConversionService conversion = ApplicationConversionService.getSharedInstance();

	private @Nullable RetryRegistry registry;

	/** The entries as last configured, before run-time values. */
	private Map<String, RetrySettings> configured = Map.of();

	/**
	 * The entries this keeps: configured ones, and ones set in code that were given
	 * run-time values.
	 */
	private final Map<String, RetrySettings> bases = new HashMap<>();

	/** The names whose base comes from configuration. */
	private final Set<String> fromConfiguration = new HashSet<>();

	/**
	 * What this last put in the registry: an entry found holding anything else was
	 * replaced in code since.
	 */
	private final Map<String, RetrySettings> applied = new HashMap<>();

	/** The values that only a restart applies, as the registry was built with them. */
	private @Nullable List<Object> restartOnly;

	/** Values set at run time, by entry name, then by key. */
	private final Map<String, Map<String, Object>> overrides = new TreeMap<>();

	BackoffSettingsRebinder(Environment environment, @Nullable ClassLoader classLoader, ListableBeanFactory beans) {
		this.environment = environment;
		this.factory = new RetrySettingsFactory(classLoader, beans);
	}

	/**
	 * Builds the entries at start-up.
	 * @param properties the bound properties
	 * @return the settings by name
	 * @throws InvalidBackoffConfigurationException listing every invalid value
	 */
	synchronized Map<String, RetrySettings> configure(BackoffProperties properties) {
		this.configured = this.factory.create(properties);
		this.restartOnly = restartOnly(properties);
		return this.configured;
	}

	/**
	 * Starts keeping {@code registry}'s configured entries; the ones that hold something
	 * else than {@link #configure} built were set in code and are left alone.
	 * @param registry the registry built from {@link #configure}'s entries
	 */
	synchronized void attach(RetryRegistry registry) {
		this.registry = registry;
		this.configured.forEach((name, settings) -> {
			if (registry.contains(name) && registry.settings(name) == settings) {
				keep(name, settings, true);
				this.applied.put(name, settings);
			}
		});
	}

	/**
	 * Binds {@code backoff.*} from the environment again and, if the whole configuration
	 * is valid, applies it, run-time values included, to every entry at once.
	 * @return {@code true} if applied, {@code false} if refused (the report is logged)
	 */
	public synchronized boolean refresh() {
		RetryRegistry registry = this.registry;
		if (registry == null) {
			return false;
		}
		forgetReplacedInCode(registry);
		Map<String, RetrySettings> configured;
		Map<String, RetrySettings> next;
		BackoffProperties properties;
		try {
			properties = bind();
			// an entry no longer configured takes the inherited values: methods may still
			// name it
			this.configured.keySet()
				.forEach((name) -> properties.getSettings().putIfAbsent(name, new BackoffProperties.Entry()));
			configured = this.factory.create(properties);
			next = new LinkedHashMap<>();
			for (Map.Entry<String, RetrySettings> entry : configured.entrySet()) {
				String name = entry.getKey();
				if (this.fromConfiguration.contains(name) || !registry.contains(name)) {
					next.put(name, entry.getValue());
				}
			}
			next.replaceAll((name, settings) -> overlay(name, settings, this.overrides.getOrDefault(name, Map.of())));
		}
		catch (RuntimeException ex) {
			logger.error(
					"Kept the running retry settings: the changed backoff.* configuration is refused as a whole.\n{}",
					report(ex));
			return false;
		}
		if (this.restartOnly != null && !this.restartOnly.equals(restartOnly(properties))) {
			logger.warn("backoff.enabled, backoff.nested and backoff.budget.store changed at run time; "
					+ "they take effect at the next start, only the entries' values change now");
		}
		this.configured = configured;
		List<String> changed = new ArrayList<>();
		next.forEach((name, settings) -> {
			// next holds only configured names
			keep(name, Objects.requireNonNull(configured.get(name), name), true);
			if (!registry.contains(name) || !registry.settings(name).toString().equals(settings.toString())) {
				changed.add(name);
			}
		});
		swap(registry, next);
		logger.info("Applied the changed backoff.* configuration; entries with new values: {}", changed);
		return true;
	}

	@Override
	public synchronized Map<String, Map<String, Object>> overrides() {
		Map<String, Map<String, Object>> copy = new TreeMap<>();
		this.overrides.forEach((name, values) -> copy.put(name, Collections.unmodifiableMap(new TreeMap<>(values))));
		return Collections.unmodifiableMap(copy);
	}

	@Override
	public synchronized void override(String name, Map<String, @Nullable Object> values) {
		RetryRegistry registry = registry(name);
		Map<String, Object> merged = new LinkedHashMap<>(this.overrides.getOrDefault(name, Map.of()));
		values.forEach((key, value) -> {
			if (!KEYS.containsKey(key)) {
				throw new IllegalArgumentException(
						"'" + key + "' cannot be set at run time; the keys are " + KEYS.keySet());
			}
			if (value != null) {
				merged.put(key, value);
			}
		});
		RetrySettings base = this.bases.containsKey(name) ? this.bases.get(name) : registry.settings(name);
		RetrySettings settings = overlay(name, base, merged);
		keep(name, base, this.fromConfiguration.contains(name));
		this.overrides.put(name, displayed(settings, merged));
		swap(registry, Map.of(name, settings));
		logger.info("Retry settings '{}' changed at run time: {}", name, this.overrides.get(name));
	}

	@Override
	public synchronized void reset(String name) {
		RetryRegistry registry = registry(name);
		if (this.overrides.remove(name) != null && this.bases.containsKey(name)) {
			swap(registry, Map.of(name, this.bases.get(name)));
			logger.info("Retry settings '{}' returned to the configured values", name);
		}
	}

	private RetryRegistry registry(String name) {
		RetryRegistry registry = this.registry;
		if (registry == null || !registry.contains(name)) {
			throw new NoSuchElementException("No retry settings named '" + name + "'");
		}
		forgetReplacedInCode(registry);
		return registry;
	}

	private static List<Object> restartOnly(BackoffProperties properties) {
		return List.of(properties.isEnabled(), properties.getNested(), properties.getBudget().getStore());
	}

	private void keep(String name, RetrySettings base, boolean configured) {
		this.bases.put(name, base);
		if (configured) {
			this.fromConfiguration.add(name);
		}
	}

	/**
	 * Lets go of the entries that code replaced since this last set them: code has the
	 * last word.
	 */
	private void forgetReplacedInCode(RetryRegistry registry) {
		this.applied.entrySet().removeIf((entry) -> {
			String name = entry.getKey();
			if (registry.contains(name) && registry.settings(name) == entry.getValue()) {
				return false;
			}
			this.bases.remove(name);
			this.fromConfiguration.remove(name);
			this.overrides.remove(name);
			return true;
		});
	}

	private void swap(RetryRegistry registry, Map<String, RetrySettings> next) {
		registry.replaceAll(next);
		this.applied.putAll(next);
	}

	private BackoffProperties bind() {
		return Binder.get(this.environment)
			.bindOrCreate(PREFIX, Bindable.of(BackoffProperties.class),
					new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler()));
	}

	/**
	 * Lays run-time values over {@code base}.
	 * @throws InvalidBackoffConfigurationException naming each invalid value as start-up
	 * does
	 */
	private RetrySettings overlay(String name, RetrySettings base, Map<String, Object> values) {
		if (values.isEmpty()) {
			return base;
		}
		String prefix = "backoff.settings." + name + ".";
		List<Problem> problems = new ArrayList<>();
		RetrySettings.Builder builder = base.toBuilder();
		values.forEach((key, value) -> {
			String property = prefix + KEYS.get(key);
			try {
				switch (key) {
					case "maxTries" ->
						builder.maxTries(convert(property, value, Integer.class, "a whole number, at least 1"));
					case "maxTime" -> builder.maxTime(duration(property, value));
					case "base" -> builder.base(duration(property, value));
					case "cap" -> builder.cap(duration(property, value));
					case "enabled" -> builder.enabled(convert(property, value, Boolean.class, "true or false"));
					default ->
						builder.budget(budget(base.budget(), convert(property, value, Boolean.class, "true or false")));
				}
			}
			catch (InvalidRetrySettingsException ex) {
				problems.add(Problem.ofValue(prefix + ex.getSetting(), ex.getValue(), ex.getRequirement()));
			}
			catch (InvalidValueException ex) {
				problems.add(ex.problem);
			}
		});
		RetrySettings settings = null;
		if (problems.isEmpty()) {
			try {
				settings = builder.build();
			}
			catch (InvalidRetrySettingsException ex) {
				problems.add(Problem.ofValue(prefix + ex.getSetting(), ex.getValue(), ex.getRequirement()));
			}
		}
		if (settings == null) {
			throw new InvalidBackoffConfigurationException(problems);
		}
		return settings;
	}

	private static BudgetSettings budget(BudgetSettings budget, boolean enabled) {
		return enabled ? budget.enable() : new BudgetSettings(false, budget.capacity(), budget.retryCost(),
				budget.refund(), budget.retryAfterCost());
	}

	private Duration duration(String property, Object value) {
		return convert(property, value.toString(), Duration.class, "a duration such as 500ms, 10s or PT10S");
	}

	private <T> T convert(String property, Object value, Class<T> type, String requirement) {
		try {
			T converted = this.conversion.convert(value, type);
			if (converted != null) {
				return converted;
			}
		}
		catch (ConversionException | IllegalArgumentException ex) {
			// reported below
		}
		throw new InvalidValueException(Problem.ofValue(property, value, requirement));
	}

	/** The values as the endpoint shows them: durations as in application.yml. */
	private static Map<String, Object> displayed(RetrySettings settings, Map<String, Object> values) {
		Map<String, Object> shown = new TreeMap<>();
		for (String key : values.keySet()) {
			shown.put(key, switch (key) {
				case "maxTries" -> settings.maxTries();
				case "maxTime" -> Durations.format(Objects.requireNonNull(settings.maxTime()));
				case "base" -> Durations.format(settings.base());
				case "cap" -> Durations.format(settings.cap());
				case "enabled" -> settings.enabled();
				default -> settings.budget().enabled();
			});
		}
		return shown;
	}

	/**
	 * What start-up would print for {@code failure}: the analysis of one of the starter's
	 * analyzers.
	 */
	static String report(Throwable failure) {
		List<AbstractFailureAnalyzer<?>> analyzers = List.of(new BackoffConfigurationFailureAnalyzer(),
				new UnknownBackoffPropertyFailureAnalyzer(), new UnknownBackoffValueFailureAnalyzer());
		for (AbstractFailureAnalyzer<?> analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis.getDescription() + "\n\nAction:\n\n" + analysis.getAction();
			}
		}
		StringBuilder causes = new StringBuilder(String.valueOf(failure.getMessage()));
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			causes.append("\nCaused by: ").append(cause.getMessage());
		}
		return causes.toString();
	}

	/**
	 * A value that does not convert to its key's type; carries its problem to the
	 * collector.
	 */
	private static final class InvalidValueException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		final transient Problem problem;

		InvalidValueException(Problem problem) {
			super(problem.description(), null, false, false);
			this.problem = problem;
		}

	}

}
