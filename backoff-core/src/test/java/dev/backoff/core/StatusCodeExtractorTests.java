package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCodeExtractorTests {

	@Test
	void holdersAreReadWhateverClassWasAskedAboutBefore() {
		StatusCodeExtractor holders = StatusCodeExtractor.HOLDERS;
		assertThat(holders.status(new Plain())).isEqualTo(StatusCodeExtractor.NO_STATUS);
		assertThat(holders.retryAfter(new Plain())).isNull();
		assertThat(holders.status(new WithStatus(503, Duration.ofSeconds(2)))).isEqualTo(503);
		assertThat(holders.retryAfter(new WithStatus(503, Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(2));
		assertThat(holders.status(new Plain())).isEqualTo(StatusCodeExtractor.NO_STATUS);
		assertThat(holders.status(new WithStatus(404, null))).isEqualTo(404);
	}

	@Test
	void aCompositeTakesTheFirstStatusFound() {
		StatusCodeExtractor always418 = (failure) -> 418;
		StatusCodeExtractor composite = StatusCodeExtractor
			.composite(java.util.List.of(StatusCodeExtractor.HOLDERS, always418));
		assertThat(composite.status(new WithStatus(429, null))).isEqualTo(429);
		assertThat(composite.status(new Plain())).isEqualTo(418);
	}

	static class Plain extends RuntimeException {

		Plain() {
			super("no status");
		}

	}

	/** A subclass of a class without a status that has one: the memo is per class. */
	static final class WithStatus extends Plain implements HttpStatusHolder {

		private final int status;

		private final @Nullable Duration retryAfter;

		WithStatus(int status, @Nullable Duration retryAfter) {
			this.status = status;
			this.retryAfter = retryAfter;
		}

		@Override
		public int httpStatus() {
			return this.status;
		}

		@Override
		public @Nullable Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
