package dev.backoff.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;

import dev.backoff.autoconfigure.BackoffProperties.Entry;
import dev.backoff.autoconfigure.BackoffProperties.Status;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import dev.backoff.core.BudgetSettings;
import dev.backoff.core.InvalidRetrySettingsException;
import dev.backoff.core.LogLevel;
import dev.backoff.core.LoggingSettings;
import dev.backoff.core.OutcomeWait;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.StatusOverride;
import dev.backoff.core.StrategyName;
import dev.backoff.core.WaitStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Turns {@link BackoffProperties} into validated {@link RetrySettings}, one per entry.
 * Each entry is built in layers: the built-in defaults, then {@code backoff.defaults},
 * then (for {@code interactive}) its built-in values, then
 * {@code backoff.settings.<name>}. Every problem is collected and attributed to the
 * property that set the value.
 */
final class RetrySettingsFactory {

	private static final String DEFAULTS_PREFIX = "backoff.defaults.";

	private final @Nullable ClassLoader classLoader;

	private final ListableBeanFactory beans;

	RetrySettingsFactory(@Nullable ClassLoader classLoader, ListableBeanFactory beans) {
		this.classLoader = classLoader;
		this.beans = beans;
	}

	/**
	 * Builds every entry.
	 * @param properties the bound properties
	 * @return the settings by name, {@code default} and {@code interactive} first
	 * @throws InvalidBackoffConfigurationException listing every invalid value
	 */
	Map<String, RetrySettings> create(BackoffProperties properties) {
		Set<Problem> problems = new LinkedHashSet<>();
		Map<String, RetrySettings> result = new LinkedHashMap<>();
		Set<String> names = new LinkedHashSet<>(List.of(RetryRegistry.DEFAULT, RetryRegistry.INTERACTIVE));
		names.addAll(properties.getSettings().keySet());
		for (String name : names) {
			Draft draft = new Draft(problems);
			draft.apply(DEFAULTS_PREFIX, properties.getDefaults());
			if (RetryRegistry.INTERACTIVE.equals(name)) {
				draft.apply("(built-in interactive) ", interactiveLayer());
			}
			String prefix = "backoff.settings." + name + ".";
			Entry entry = properties.getSettings().get(name);
			if (entry != null) {
				draft.apply(prefix, entry);
			}
			RetrySettings settings = draft.build(prefix);
			if (settings != null) {
				result.put(name, settings);
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidBackoffConfigurationException(new ArrayList<>(problems));
		}
		return result;
	}

	/** The values by which {@code interactive} differs from the defaults. */
	static Entry interactiveLayer() {
		RetrySettings interactive = RetrySettings.interactive();
		Entry layer = new Entry();
		layer.setMaxTries(interactive.maxTries());
		layer.setMaxTime(interactive.maxTime());
		layer.setCap(interactive.cap());
		interactive.statusOverrides().forEach((code, override) -> {
			Status status = new Status();
			status.setMaxTries(override.maxTries());
			status.setMaxTime(override.maxTime());
			layer.getStatus().put(code, status);
		});
		return layer;
	}

	private static double checked(double value, DoubleFunction<WaitStrategy> check) {
		check.apply(value);
		return value;
	}

	private OutcomeWait outcomeWait(String property, String name) {
		return bean(this.beans, property, name, OutcomeWait.class);
	}

	private List<RetryListener> listeners(String property, List<String> names) {
		List<RetryListener> listeners = new ArrayList<>();
		for (String name : names) {
			listeners.add(bean(this.beans, property, name.trim(), RetryListener.class));
		}
		return listeners;
	}

	/**
	 * Returns the bean of that name and type named in configuration.
	 * @throws InvalidClassException naming the property and the closest bean name if
	 * there is none
	 */
	static <T> T bean(ListableBeanFactory beans, String property, String name, Class<T> type) {
		if (!beans.containsBean(name) || !beans.isTypeMatch(name, type)) {
			throw new InvalidClassException(
					Problem.ofUnknownBean(property, name, type, List.of(beans.getBeanNamesForType(type))));
		}
		return beans.getBean(name, type);
	}

	private List<Class<? extends Throwable>> exceptionTypes(String property, List<String> names) {
		List<Class<? extends Throwable>> types = new ArrayList<>();
		for (String name : names) {
			types.add(exceptionType(property, name.trim(), this.classLoader));
		}
		return types;
	}

	/**
	 * Loads an exception type named in configuration.
	 * @throws InvalidClassException naming the property if it does not load or is no
	 * exception
	 */
	static Class<? extends Throwable> exceptionType(String property, String name, @Nullable ClassLoader classLoader) {
		Class<?> type;
		try {
			type = ClassUtils.forName(name, classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new InvalidClassException(new Problem(
					property + " names '" + name + "', which is not a class on the classpath",
					"Correct the class name in " + property
							+ " (a fully qualified name such as java.io.IOException), or add the dependency that contains it."));
		}
		if (!Throwable.class.isAssignableFrom(type)) {
			throw new InvalidClassException(new Problem(property + " names '" + name + "', which is not an exception",
					"Name exception classes (subclasses of java.lang.Throwable) in " + property + "."));
		}
		return type.asSubclass(Throwable.class);
	}

	/** One entry being built; remembers which property set each value. */
	private final class Draft {

		private final Set<Problem> problems;

		private final RetrySettings.Builder builder = RetrySettings.builder();

		private final Map<String, String> sources = new HashMap<>();

		private final Map<Integer, StatusOverride> statuses = new HashMap<>(RetrySettings.DEFAULT_STATUS_OVERRIDES);

		/**
		 * The strategy set in configuration; {@code null} keeps the built-in default's.
		 */
		private @Nullable StrategyName strategy;

		private @Nullable Double factor;

		private @Nullable Double exponent;

		/**
		 * The budget's values, laid over each other; a record is built (and checked) at
		 * the end.
		 */
		private boolean budgetEnabled = BudgetSettings.DEFAULTS.enabled();

		private int budgetCapacity = BudgetSettings.DEFAULTS.capacity();

		private int budgetRetryCost = BudgetSettings.DEFAULTS.retryCost();

		private int budgetRefund = BudgetSettings.DEFAULTS.refund();

		private int budgetRetryAfterCost = BudgetSettings.DEFAULTS.retryAfterCost();

		/** The logging values, laid over each other like the budget's. */
		private String logger = LoggingSettings.DEFAULTS.logger();

		private LogLevel backoffLevel = LoggingSettings.DEFAULTS.backoffLevel();

		private LogLevel giveUpLevel = LoggingSettings.DEFAULTS.giveUpLevel();

		Draft(Set<Problem> problems) {
			this.problems = problems;
		}

		void apply(String prefix, Entry entry) {
			set(prefix, "max-tries", entry.getMaxTries(), this.builder::maxTries);
			set(prefix, "max-time", entry.getMaxTime(), this.builder::maxTime);
			set(prefix, "base", entry.getBase(), this.builder::base);
			set(prefix, "cap", entry.getCap(), this.builder::cap);
			set(prefix, "jitter", entry.getJitter(), (jitter) -> this.builder.jitter(jitter.jitter()));
			set(prefix, "strategy", entry.getStrategy(), (strategy) -> this.strategy = strategy);
			// checked as they are set, so a bad value fails even when the chosen strategy
			// ignores it
			set(prefix, "factor", entry.getFactor(),
					(factor) -> this.factor = checked(factor, WaitStrategy::exponential));
			set(prefix, "exponent", entry.getExponent(),
					(exponent) -> this.exponent = checked(exponent, WaitStrategy::polynomial));
			set(prefix, "outcome-wait", entry.getOutcomeWait(),
					(name) -> this.builder.outcomeWait(outcomeWait(prefix + "outcome-wait", name)));
			set(prefix, "retry-on", entry.getRetryOn(),
					(names) -> this.builder.retryOn(exceptionTypes(prefix + "retry-on", names)));
			set(prefix, "give-up-on", entry.getGiveUpOn(),
					(names) -> this.builder.giveUpOn(exceptionTypes(prefix + "give-up-on", names)));
			set(prefix, "retry-on-status", entry.getRetryOnStatus(), this.builder::retryOnStatus);
			set(prefix, "raise-on-give-up", entry.getRaiseOnGiveUp(), this.builder::raiseOnGiveUp);
			set(prefix, "enabled", entry.getEnabled(), this.builder::enabled);
			applyBudget(prefix, entry.getBudget());
			set(prefix, "listeners", entry.getListeners(),
					(names) -> this.builder.listeners(listeners(prefix + "listeners", names)));
			BackoffProperties.Logging logging = entry.getLogging();
			this.logger = pick(prefix, "logging.logger", logging.getLogger(), this.logger);
			this.backoffLevel = pick(prefix, "logging.backoff-level", logging.getBackoffLevel(), this.backoffLevel);
			this.giveUpLevel = pick(prefix, "logging.give-up-level", logging.getGiveUpLevel(), this.giveUpLevel);
			entry.getStatus().forEach((code, status) -> {
				StatusOverride own = new StatusOverride(status.getBase(), status.getCap(), status.getMaxTries(),
						status.getMaxTime());
				StatusOverride merged = own.over(this.statuses.getOrDefault(code, StatusOverride.NONE));
				String key = "status." + code + ".";
				for (String field : List.of("base", "cap", "max-tries", "max-time")) {
					this.sources.put(key + field, prefix);
				}
				this.sources.put("status", prefix);
				run(prefix, () -> {
					this.builder.status(code, merged);
					this.statuses.put(code, merged);
				});
			});
		}

		/** Lays an entry's budget values over the inherited ones; checked when built. */
		private void applyBudget(String prefix, BackoffProperties.Budget own) {
			this.budgetEnabled = pick(prefix, "budget.enabled", own.getEnabled(), this.budgetEnabled);
			this.budgetCapacity = pick(prefix, "budget.capacity", own.getCapacity(), this.budgetCapacity);
			this.budgetRetryCost = pick(prefix, "budget.retry-cost", own.getRetryCost(), this.budgetRetryCost);
			this.budgetRefund = pick(prefix, "budget.refund", own.getRefund(), this.budgetRefund);
			this.budgetRetryAfterCost = pick(prefix, "budget.retry-after-cost", own.getRetryAfterCost(),
					this.budgetRetryAfterCost);
		}

		private <T> T pick(String prefix, String setting, @Nullable T own, T inherited) {
			if (own == null) {
				return inherited;
			}
			this.sources.put(setting, prefix);
			return own;
		}

		@Nullable RetrySettings build(String entryPrefix) {
			StrategyName strategy = this.strategy;
			if (strategy != null) {
				run(sourceOr("factor", sourceOr("exponent", sourceOr("strategy", entryPrefix))),
						() -> this.builder.strategy(strategy.create(this.factor, this.exponent)));
			}
			built(entryPrefix, () -> this.builder.budget(new BudgetSettings(this.budgetEnabled, this.budgetCapacity,
					this.budgetRetryCost, this.budgetRefund, this.budgetRetryAfterCost)));
			built(entryPrefix, () -> this.builder
				.logging(new LoggingSettings(this.logger.trim(), this.backoffLevel, this.giveUpLevel)));
			return built(entryPrefix, this.builder::build);
		}

		/**
		 * Runs a step of the build, attributing its problem to the property that set the
		 * value.
		 */
		private <T> @Nullable T built(String entryPrefix, Supplier<T> step) {
			try {
				return step.get();
			}
			catch (InvalidRetrySettingsException ex) {
				this.problems.add(Problem.ofValue(sourceOr(ex.getSetting(), entryPrefix) + ex.getSetting(),
						ex.getValue(), ex.getRequirement()));
				return null;
			}
		}

		private <T> void set(String prefix, String setting, @Nullable T value, Consumer<T> setter) {
			if (value != null) {
				this.sources.put(setting, prefix);
				run(prefix, () -> setter.accept(value));
			}
		}

		private void run(String prefix, Runnable action) {
			try {
				action.run();
			}
			catch (InvalidRetrySettingsException ex) {
				this.problems.add(Problem.ofValue(prefix + ex.getSetting(), ex.getValue(), ex.getRequirement()));
			}
			catch (InvalidClassException ex) {
				this.problems.add(ex.problem);
			}
		}

		private String sourceOr(String setting, String fallback) {
			return this.sources.getOrDefault(setting, fallback);
		}

	}

	/** A class name that does not load; carries its problem to the collector. */
	static final class InvalidClassException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		final transient Problem problem;

		InvalidClassException(Problem problem) {
			super(problem.description(), null, false, false);
			this.problem = problem;
		}

	}

}
