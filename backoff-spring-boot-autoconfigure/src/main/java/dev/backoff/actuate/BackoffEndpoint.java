package dev.backoff.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.backoff.core.BudgetSettings;
import dev.backoff.core.RetryBudget;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.Schedule;
import dev.backoff.core.StatusOverride;
import dev.backoff.core.WaitStrategy;
import dev.backoff.util.Durations;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code backoff} endpoint: every settings entry with its effective values, its
 * per-status overrides and their nominal schedules (the waits without randomness, and their
 * total). {@code /actuator/backoff/{name}} shows one entry; an unknown name is a 404.
 *
 * @since 0.1.0
 */
@Endpoint(id = "backoff")
public class BackoffEndpoint {

	private final RetryRegistry registry;

	/**
	 * Creates the endpoint.
	 * @param registry the registry to describe
	 */
	public BackoffEndpoint(RetryRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Describes every entry.
	 * @return the description
	 */
	@ReadOperation
	public BackoffDescriptor backoff() {
		Map<String, EntryDescriptor> entries = new LinkedHashMap<>();
		for (String name : this.registry.names()) {
			entries.put(name, EntryDescriptor.of(this.registry.settings(name), this.registry.budget(name)));
		}
		return new BackoffDescriptor(this.registry.isEnabled(), entries);
	}

	/**
	 * Describes one entry.
	 * @param name the entry's name
	 * @return the description, or {@code null} (a 404) if there is no such entry
	 */
	@ReadOperation
	public @Nullable EntryDescriptor entry(@Selector String name) {
		return this.registry.contains(name) ? EntryDescriptor.of(this.registry.settings(name), this.registry.budget(name)) : null;
	}

	/** A setting's duration as written in application.yml: {@code 100ms}, {@code 90s}, {@code 1h}. */
	private static @Nullable String format(@Nullable Duration duration) {
		return (duration != null) ? Durations.format(duration) : null;
	}

	/** A scheduled wait in seconds, as the schedule's summary writes it: {@code 0.2s}. */
	private static String seconds(Duration duration) {
		return Schedule.seconds(duration) + "s";
	}

	/** A strategy's parameter as its property names it ({@code factor=2.0}), or {@code null}. */
	private static @Nullable Double parameter(WaitStrategy strategy, String name) {
		Matcher matcher = STRATEGY.matcher(strategy.toString());
		return (matcher.matches() && name.equals(matcher.group(2))) ? Double.valueOf(matcher.group(3)) : null;
	}

	private static String strategyName(WaitStrategy strategy) {
		Matcher matcher = STRATEGY.matcher(strategy.toString());
		return matcher.matches() ? matcher.group(1) : strategy.toString();
	}

	/** How the built-in strategies describe themselves: {@code exponential(factor=2.0)}. */
	private static final Pattern STRATEGY = Pattern.compile("([a-z-]+)(?:\\((\\w+)=([-0-9.Ee]+)\\))?");

	/**
	 * All entries.
	 *
	 * @param enabled whether retrying is on
	 * @param settings each entry by name
	 */
	public record BackoffDescriptor(boolean enabled, Map<String, EntryDescriptor> settings) {
	}

	/**
	 * One entry's effective values.
	 *
	 * @param maxTries total calls, the first included
	 * @param maxTime the time budget, or {@code null} for none
	 * @param strategy the wait strategy, as its property value ({@code exponential})
	 * @param factor the growth factor of {@code exponential} and {@code linear}, else {@code null}
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
	 */
	public record EntryDescriptor(int maxTries, @Nullable String maxTime, String strategy, @Nullable Double factor,
			@Nullable Double exponent, String jitter, String base,
			String cap, List<String> retryOn, List<String> giveUpOn, List<Integer> retryOnStatus,
			boolean raiseOnGiveUp, ScheduleDescriptor schedule, Map<Integer, StatusDescriptor> status,
			BudgetDescriptor budget) {

		static EntryDescriptor of(RetrySettings settings, RetryBudget bucket) {
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
					ScheduleDescriptor.of(Schedule.of(settings)), statuses, BudgetDescriptor.of(settings.budget(), bucket));
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
			return new BudgetDescriptor(settings.enabled(), settings.capacity(), settings.retryCost(), settings.refund(),
					settings.retryAfterCost(), bucket.available());
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
