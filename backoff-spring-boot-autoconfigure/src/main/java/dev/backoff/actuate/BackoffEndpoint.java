package dev.backoff.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.backoff.core.BudgetSettings;
import dev.backoff.core.Durations;
import dev.backoff.core.RetryBudget;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.Schedule;
import dev.backoff.core.StatusOverride;
import dev.backoff.core.WaitStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code backoff} endpoint: every settings entry with its effective values, its
 * per-status overrides and their nominal schedules (the waits without randomness, and
 * their total). {@code /actuator/backoff/{name}} shows one entry; an unknown name is a
 * 404.
 * <p>
 * Modelled on {@code /actuator/loggers}, it also changes an entry until restart: a
 * {@code POST} to {@code /actuator/backoff/{name}} with any of {@code maxTries},
 * {@code maxTime}, {@code enabled}, {@code base}, {@code cap} and {@code budgetEnabled}
 * ({@code budget.enabled}) sets those values over the configured ones (an invalid value
 * is a 400 whose message is the report start-up gives); a {@code DELETE}, or a
 * {@code POST} that sets nothing, returns the entry to its configured values. Reads show
 * which values were set at run time.
 *
 * @since 0.1.0
 */
@Endpoint(id = "backoff")
public class BackoffEndpoint {

	private final RetryRegistry registry;

	private final @Nullable RetrySettingsOverrides overrides;

	/**
	 * Creates an endpoint that only reads.
	 * @param registry the registry to describe
	 */
	public BackoffEndpoint(RetryRegistry registry) {
		this(registry, null);
	}

	/**
	 * Creates the endpoint.
	 * @param registry the registry to describe
	 * @param overrides what the write operations change, or {@code null} to refuse them
	 */
	public BackoffEndpoint(RetryRegistry registry, @Nullable RetrySettingsOverrides overrides) {
		this.registry = registry;
		this.overrides = overrides;
	}

	/**
	 * Describes every entry.
	 * @return the description
	 */
	@ReadOperation
	public BackoffDescriptor backoff() {
		Map<String, Map<String, Object>> overridden = overridden();
		Map<String, EntryDescriptor> entries = new LinkedHashMap<>();
		for (String name : this.registry.names()) {
			entries.put(name, describe(name, overridden));
		}
		return new BackoffDescriptor(this.registry.isEnabled(), entries, List.copyOf(overridden.keySet()));
	}

	/**
	 * Describes one entry.
	 * @param name the entry's name
	 * @return the description, or {@code null} (a 404) if there is no such entry
	 */
	@ReadOperation
	public @Nullable EntryDescriptor entry(@Selector String name) {
		return this.registry.contains(name) ? describe(name, overridden()) : null;
	}

	/**
	 * Sets values of one entry until restart, over its configured values and those set
	 * before; with none given, returns the entry to its configured values.
	 * @param name the entry's name
	 * @param maxTries total calls, the first included
	 * @param maxTime the time budget, e.g. {@code 30s}
	 * @param enabled {@code false} to make each call once
	 * @param base the base wait, e.g. {@code 100ms}
	 * @param cap the longest wait, e.g. {@code 10s}
	 * @param budgetEnabled {@code true} to ration retries by the entry's budget
	 * ({@code budget.enabled})
	 * @return the entry as it now is; a 400 naming the invalid value; a 404 for an
	 * unknown name
	 */
	@WriteOperation
	public WebEndpointResponse<Object> configure(@Selector String name, @Nullable String maxTries,
			@Nullable String maxTime, @Nullable String enabled, @Nullable String base, @Nullable String cap,
			@Nullable String budgetEnabled) {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		values.put("maxTries", maxTries);
		values.put("maxTime", maxTime);
		values.put("enabled", enabled);
		values.put("base", base);
		values.put("cap", cap);
		values.put("budgetEnabled", budgetEnabled);
		if (values.values().stream().allMatch(Objects::isNull)) {
			return reset(name);
		}
		return change(name, (overrides) -> overrides.override(name, values));
	}

	/**
	 * Returns an entry to its configured values.
	 * @param name the entry's name
	 * @return the entry as it now is, or a 404 for an unknown name
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> reset(@Selector String name) {
		return change(name, (overrides) -> overrides.reset(name));
	}

	private WebEndpointResponse<Object> change(String name, Consumer<RetrySettingsOverrides> change) {
		RetrySettingsOverrides overrides = this.overrides;
		if (overrides == null || !this.registry.contains(name)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		try {
			change.accept(overrides);
		}
		catch (NoSuchElementException ex) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (IllegalArgumentException ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
			body.put("error", "Bad Request");
			body.put("message", String.valueOf(ex.getMessage()));
			return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(describe(name, overridden()));
	}

	private Map<String, Map<String, Object>> overridden() {
		return (this.overrides != null) ? this.overrides.overrides() : Map.of();
	}

	private EntryDescriptor describe(String name, Map<String, Map<String, Object>> overridden) {
		return EntryDescriptor.of(this.registry.settings(name), this.registry.budget(name),
				overridden.getOrDefault(name, Map.of()));
	}

	/**
	 * A setting's duration as written in application.yml: {@code 100ms}, {@code 90s},
	 * {@code 1h}.
	 */
	private static @Nullable String format(@Nullable Duration duration) {
		return (duration != null) ? Durations.format(duration) : null;
	}

	/** A scheduled wait in seconds, as the schedule's summary writes it: {@code 0.2s}. */
	private static String seconds(Duration duration) {
		return Schedule.seconds(duration) + "s";
	}

	/**
	 * A strategy's parameter as its property names it ({@code factor=2.0}), or
	 * {@code null}.
	 */
	private static @Nullable Double parameter(WaitStrategy strategy, String name) {
		Matcher matcher = STRATEGY.matcher(strategy.toString());
		return (matcher.matches() && name.equals(matcher.group(2))) ? Double.valueOf(matcher.group(3)) : null;
	}

	private static String strategyName(WaitStrategy strategy) {
		Matcher matcher = STRATEGY.matcher(strategy.toString());
		return matcher.matches() ? matcher.group(1) : strategy.toString();
	}

	/**
	 * How the built-in strategies describe themselves: {@code exponential(factor=2.0)}.
	 */
	private static final Pattern STRATEGY = Pattern.compile("([a-z-]+)(?:\\((\\w+)=([-0-9.Ee]+)\\))?");

	/**
	 * All entries.
	 *
	 * @param enabled whether retrying is on
	 * @param settings each entry by name
	 * @param overridden the names of the entries with values set at run time
	 */
	public record BackoffDescriptor(boolean enabled, Map<String, EntryDescriptor> settings, List<String> overridden) {
	}

	/**
	 * One entry's effective values.
	 *
	 * @param maxTries total calls, the first included
	 * @param maxTime the time budget, or {@code null} for none
	 * @param strategy the wait strategy, as its property value ({@code exponential})
	 * @param factor the growth factor of {@code exponential} and {@code linear}, else
	 * {@code null}
	 * @param exponent the power of {@code polynomial}, else {@code null}
	 * @param jitter the jitter
	 * @param base the base wait
	 * @param cap the longest wait
	 * @param retryOn the retried exception types
	 * @param giveUpOn the exception types that end retrying
	 * @param retryOnStatus the retried HTTP statuses
	 * @param raiseOnGiveUp whether a result still to be retried at the end is thrown
	 * @param schedule the nominal schedule of failures without a status
	 * @param status the per-status overrides and their schedules
	 * @param budget the entry's retry budget: its numbers and the tokens left
	 * @param enabled whether the entry retries at all ({@code false}: each call is made
	 * once)
	 * @param overrides the values set at run time (through this endpoint), empty if none
	 */
	public record EntryDescriptor(int maxTries, @Nullable String maxTime, String strategy, @Nullable Double factor,
			@Nullable Double exponent, String jitter, String base, String cap, List<String> retryOn,
			List<String> giveUpOn, List<Integer> retryOnStatus, boolean raiseOnGiveUp, ScheduleDescriptor schedule,
			Map<Integer, StatusDescriptor> status, BudgetDescriptor budget, boolean enabled,
			Map<String, Object> overrides) {

		static EntryDescriptor of(RetrySettings settings, RetryBudget bucket, Map<String, Object> overrides) {
			Map<Integer, StatusDescriptor> statuses = new TreeMap<>();
			settings.statusOverrides()
				.forEach((code, override) -> statuses.put(code,
						StatusDescriptor.of(override, Schedule.of(settings, code))));
			return new EntryDescriptor(settings.maxTries(), format(settings.maxTime()),
					strategyName(settings.strategy()), parameter(settings.strategy(), "factor"),
					parameter(settings.strategy(), "exponent"), settings.jitter().toString(),
					Durations.format(settings.base()), Durations.format(settings.cap()),
					settings.retryOn().stream().map(Class::getName).toList(),
					settings.giveUpOn().stream().map(Class::getName).toList(),
					settings.retryOnStatus().stream().sorted().toList(), settings.raiseOnGiveUp(),
					ScheduleDescriptor.of(Schedule.of(settings)), statuses,
					BudgetDescriptor.of(settings.budget(), bucket), settings.enabled(), overrides);
		}

	}

	/**
	 * An entry's retry budget.
	 *
	 * @param enabled whether retries are rationed
	 * @param capacity the most tokens the bucket holds
	 * @param retryCost tokens a retry takes
	 * @param refund tokens a success returns
	 * @param retryAfterCost tokens a retry paced by Retry-After takes
	 * @param tokens the tokens left
	 */
	public record BudgetDescriptor(boolean enabled, int capacity, int retryCost, int refund, int retryAfterCost,
			int tokens) {

		static BudgetDescriptor of(BudgetSettings settings, RetryBudget bucket) {
			return new BudgetDescriptor(settings.enabled(), settings.capacity(), settings.retryCost(),
					settings.refund(), settings.retryAfterCost(), bucket.available());
		}

	}

	/**
	 * The overrides for one status; {@code null} values are inherited from the entry.
	 *
	 * @param base the base wait, or {@code null}
	 * @param cap the longest wait, or {@code null}
	 * @param maxTries total calls while this status is returned, or {@code null}
	 * @param maxTime the time budget while this status is returned, or {@code null}
	 * @param schedule the nominal schedule of a call that keeps returning this status
	 */
	public record StatusDescriptor(@Nullable String base, @Nullable String cap, @Nullable Integer maxTries,
			@Nullable String maxTime, ScheduleDescriptor schedule) {

		static StatusDescriptor of(StatusOverride override, Schedule schedule) {
			return new StatusDescriptor(format(override.base()), format(override.cap()), override.maxTries(),
					format(override.maxTime()), ScheduleDescriptor.of(schedule));
		}

	}

	/**
	 * A nominal schedule.
	 *
	 * @param retries the number of waits
	 * @param waits each wait
	 * @param total the sum of the waits
	 * @param summary the schedule on one line, e.g. {@code 0.2+0.4+0.8 = 1.4 s}
	 */
	public record ScheduleDescriptor(int retries, List<String> waits, String total, String summary) {

		static ScheduleDescriptor of(Schedule schedule) {
			return new ScheduleDescriptor(schedule.retries(),
					schedule.waits().stream().map(BackoffEndpoint::seconds).toList(), seconds(schedule.total()),
					schedule.toString());
		}

	}

}
