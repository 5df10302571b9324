package dev.backoff.core;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetrySettingsTests {

	@Test
	void defaultsAreTheOrionClientNumbers() {
		RetrySettings settings = RetrySettings.defaults();
		assertThat(settings.maxTries()).isEqualTo(11);
		assertThat(settings.maxTime()).isNull();
		assertThat(settings.strategy()).isSameAs(WaitStrategy.decorrelatedJitter());
		assertThat(settings.jitter()).isSameAs(Jitter.none());
		assertThat(settings.base()).isEqualTo(Duration.ofMillis(100));
		assertThat(settings.cap()).isEqualTo(Duration.ofSeconds(90));
		assertThat(settings.retryOn()).containsExactly(Exception.class);
		assertThat(settings.giveUpOn()).isEmpty();
		assertThat(settings.retryOnStatus()).containsExactlyInAnyOrder(404, 408, 429, 500, 502, 503, 504);
		assertThat(settings.statusOverrides()).containsOnlyKeys(404, 429);
	}

	@Test
	void defaultNominalScheduleIsTheContractsLine() {
		assertThat(Schedule.of(RetrySettings.defaults()))
			.hasToString("0.2+0.4+0.8+1.6+3.2+6.4+12.8+25.6+51.2+90 = 192.2 s");
	}

	@Test
	void notFoundIsRetriedEightTimesInFiftyOneSeconds() {
		Schedule schedule = Schedule.of(RetrySettings.defaults(), 404);
		assertThat(schedule.retries()).isEqualTo(8);
		assertThat(schedule.total()).isEqualTo(Duration.ofSeconds(51));
	}

	@Test
	void tooManyRequestsReachesFortyFiveRetriesWithinTheHour() {
		Schedule schedule = Schedule.of(RetrySettings.defaults(), 429);
		assertThat(schedule.retries()).isEqualTo(45);
		assertThat(schedule.total()).isEqualTo(Duration.ofMillis(3_342_200)).isLessThan(Duration.ofHours(1));
	}

	@Test
	void nominalScheduleShortensTheLastWaitToEndAtMaxTime() {
		RetrySettings settings = RetrySettings.builder().maxTime(Duration.ofSeconds(2)).build();
		assertThat(Schedule.of(settings)).hasToString("0.2+0.4+0.8+0.6 = 2 s");
	}

	@Test
	void theOrionWorkedExampleMakesTwoMoreRequestsInItsLast108Seconds() {
		RetrySettings settings = RetrySettings.builder().maxTime(Duration.ofSeconds(300)).maxTries(100).build();
		assertThat(Schedule.of(settings)).hasToString("0.2+0.4+0.8+1.6+3.2+6.4+12.8+25.6+51.2+90+90+17.8 = 300 s");
		assertThat(Schedule.of(settings.toBuilder().maxTries(11).build()).total())
			.as("ten retries fit within the budget")
			.isEqualTo(Duration.ofMillis(192_200));
	}

	@Test
	void nominalScheduleOfAStatusThatIsNotRetriedIsEmpty() {
		assertThat(Schedule.of(RetrySettings.defaults(), 400)).hasToString("no retries");
	}

	@Test
	void interactiveIsShort() {
		RetrySettings interactive = RetrySettings.interactive();
		assertThat(interactive.maxTries()).isEqualTo(4);
		assertThat(interactive.maxTime()).isEqualTo(Duration.ofSeconds(10));
		assertThat(Schedule.of(interactive)).hasToString("0.2+0.4+0.8 = 1.4 s");
		assertThat(Schedule.of(interactive, 404).retries()).isEqualTo(1);
	}

	@Test
	void jitterDefaultsToFullForStrategiesWithoutTheirOwnRandomness() {
		assertThat(RetrySettings.builder().strategy(WaitStrategy.exponential(2)).build().jitter())
			.isSameAs(Jitter.full());
		assertThat(RetrySettings.builder().jitter(Jitter.equal()).build().jitter()).isSameAs(Jitter.equal());
	}

	@Test
	void buildCopiesSoALaterChangeToTheBuilderLeavesBuiltSettingsAlone() {
		RetrySettings.Builder builder = RetrySettings.builder().retryOn(List.of(IOException.class));
		RetrySettings first = builder.build();
		builder.retryOn(List.of(IllegalStateException.class)).retryOnStatus(Set.of(503)).maxTries(2);
		assertThat(first.retryOn()).containsExactly(IOException.class);
		assertThat(first.retryOnStatus()).hasSize(7);
		assertThat(first.maxTries()).isEqualTo(11);
	}

	@Test
	void toBuilderStartsFromTheSettings() {
		RetrySettings settings = RetrySettings.builder().maxTries(3).base(Duration.ofMillis(5)).build();
		RetrySettings derived = settings.toBuilder().maxTime(Duration.ofSeconds(1)).build();
		assertThat(derived.maxTries()).isEqualTo(3);
		assertThat(derived.base()).isEqualTo(Duration.ofMillis(5));
		assertThat(derived.maxTime()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void statusOverridesMergeOverInheritedValuesKeyByKey() {
		StatusOverride own = new StatusOverride(Duration.ofSeconds(1), null, null, null);
		StatusOverride merged = own.over(new StatusOverride(null, Duration.ofSeconds(5), 7, null));
		assertThat(merged).isEqualTo(new StatusOverride(Duration.ofSeconds(1), Duration.ofSeconds(5), 7, null));
	}

	@Test
	void maxTriesBelowOneIsRejected() {
		assertInvalid(() -> RetrySettings.builder().maxTries(0), "max-tries was '0' but it must be at least 1");
	}

	@Test
	void negativeOrZeroMaxTimeIsRejected() {
		assertInvalid(() -> RetrySettings.builder().maxTime(Duration.ofSeconds(-1)),
				"max-time was '-1s' but it must be positive");
		assertInvalid(() -> RetrySettings.builder().maxTime(Duration.ZERO),
				"max-time was '0ms' but it must be positive");
	}

	@Test
	void negativeBaseOrCapIsRejected() {
		assertInvalid(() -> RetrySettings.builder().base(Duration.ofMillis(-1)),
				"base was '-1ms' but it must be zero or positive");
		assertInvalid(() -> RetrySettings.builder().cap(Duration.ofMillis(-1)),
				"cap was '-1ms' but it must be zero or positive");
	}

	@Test
	void baseAboveCapIsRejected() {
		assertInvalid(() -> RetrySettings.builder().base(Duration.ofSeconds(2)).cap(Duration.ofSeconds(1)).build(),
				"base was '2s' but it must be at most the cap (1s)");
	}

	@Test
	void statusOutsideTheHttpRangeIsRejected() {
		assertInvalid(() -> RetrySettings.builder().retryOnStatus(List.of(503, 600)),
				"retry-on-status was '600' but it must be an HTTP status from 100 to 599");
		assertInvalid(() -> RetrySettings.builder().status(99, StatusOverride.NONE),
				"status was '99' but it must be an HTTP status from 100 to 599");
	}

	@Test
	void invalidStatusOverridesNameTheStatus() {
		assertInvalid(() -> RetrySettings.builder().status(503, StatusOverride.maxTries(0)),
				"status.503.max-tries was '0' but it must be at least 1");
		assertInvalid(
				() -> RetrySettings.builder().status(503, new StatusOverride(Duration.ofMillis(-5), null, null, null)),
				"status.503.base was '-5ms' but it must be zero or positive");
		assertInvalid(
				() -> RetrySettings.builder().status(503, new StatusOverride(null, Duration.ofMillis(-5), null, null)),
				"status.503.cap was '-5ms' but it must be zero or positive");
		assertInvalid(() -> RetrySettings.builder().status(503, new StatusOverride(null, null, null, Duration.ZERO)),
				"status.503.max-time was '0ms' but it must be positive");
		assertInvalid(() -> RetrySettings.builder()
			.status(503, new StatusOverride(Duration.ofMinutes(5), null, null, null))
			.build(), "status.503.base was '5m' but it must be at most the cap for that status (90s)");
	}

	@Test
	void statusOverridesCanBeReplacedWhole() {
		RetrySettings settings = RetrySettings.builder()
			.statusOverrides(Map.of(503, StatusOverride.maxTries(2)))
			.build();
		assertThat(settings.statusOverrides()).containsOnlyKeys(503);
	}

	private static void assertInvalid(Runnable action, String message) {
		assertThatExceptionOfType(InvalidRetrySettingsException.class).isThrownBy(action::run).withMessage(message);
	}

}
