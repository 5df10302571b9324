package dev.backoff.actuate;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffEndpointAutoConfiguration;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.tuple;

class BackoffEventsEndpointTests {

	private static final String SECRET = "4111-1111-1111-1111";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(BackoffAutoConfiguration.class, BackoffEndpointAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Payments.class)
		.withPropertyValues("management.endpoints.web.exposure.include=backoffevents",
				"backoff.settings.default.max-tries=3", "backoff.settings.default.strategy=constant",
				"backoff.settings.default.base=20ms", "backoff.settings.default.jitter=none");

	@Test
	void theRingKeepsTheNewestEventsUpToItsCapacity() {
		Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
		RecentRetryEvents events = new RecentRetryEvents(3, clock);
		RetryListener.CallListener call = events.onFirstFailure(new RetryEvent("default", "Payments#charge", null, 1,
				Duration.ZERO, null, new IOException("down"), null, 503, null));
		for (int tries = 1; tries <= 5; tries++) {
			call.onBackoff(new RetryEvent("default", "Payments#charge", null, tries, Duration.ZERO,
					Duration.ofMillis(20), new IOException("down"), null, 503, null));
		}
		assertThat(events.recent(null)).extracting(RecentRetryEvents.Summary::tries).containsExactly(5, 4, 3);
		assertThat(events.recent(null).get(0)).isEqualTo(new RecentRetryEvents.Summary(4, "default", "Payments#charge",
				"backoff", 5, "20ms", null, "java.io.IOException", 503, clock.instant()));
	}

	@Test
	void theEndpointListsRecentEventsWithoutMessagesOrArguments() {
		this.runner.run((context) -> {
			assertThatIOException().isThrownBy(() -> context.getBean(Payments.class).charge(SECRET));
			BackoffEventsEndpoint.EventsDescriptor all = context.getBean(BackoffEventsEndpoint.class).events();
			assertThat(all.events()).extracting(RecentRetryEvents.Summary::kind)
				.containsExactly("giveup", "backoff", "backoff");
			assertThat(all.events().get(0).reason()).isEqualTo("max-tries");
			assertThat(all.events().get(0).exception()).isEqualTo("java.io.IOException");
			assertThat(all.toString()).doesNotContain(SECRET).doesNotContain("declined");
			assertThat(context.getBean(BackoffEventsEndpoint.class).events("default").events()).hasSize(3);
			assertThat(context.getBean(BackoffEventsEndpoint.class).events("interactive").events()).isEmpty();
		});
	}

	@Test
	void callsThatSucceedAtOnceAreNotKeptAndDoNotPushTheRetriedOnesOut() {
		this.runner.withPropertyValues("backoff.events.capacity=3").run((context) -> {
			Payments payments = context.getBean(Payments.class);
			assertThat(payments.recovers()).isEqualTo("ok");
			for (int i = 0; i < 10; i++) {
				assertThat(payments.status()).isEqualTo("up");
			}
			assertThat(context.getBean(BackoffEventsEndpoint.class).events().events())
				.extracting(RecentRetryEvents.Summary::target, RecentRetryEvents.Summary::kind,
						RecentRetryEvents.Summary::tries)
				.containsExactly(tuple("Payments#recovers", "success", 2), tuple("Payments#recovers", "backoff", 1));
		});
	}

	@Test
	void aCapacityOfZeroKeepsNoEvents() {
		this.runner.withPropertyValues("backoff.events.capacity=0").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RecentRetryEvents.class).doesNotHaveBean(BackoffEventsEndpoint.class);
		});
	}

	public static class Payments {

		private boolean failed;

		@Retryable
		public String recovers() throws IOException {
			if (!this.failed) {
				this.failed = true;
				throw new IOException("once");
			}
			return "ok";
		}

		@Retryable
		public String status() {
			return "up";
		}

		@Retryable
		public String charge(String card) throws IOException {
			throw new IOException("card " + card + " declined");
		}

	}

}
