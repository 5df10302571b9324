package dev.backoff.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryEventTests {

	@Test
	void namesTheExceptionBySimpleNameOrNone() {
		assertThat(event(new IllegalStateException()).exceptionName()).isEqualTo("IllegalStateException");
		assertThat(event(null).exceptionName()).isEqualTo("none");
	}

	@Test
	void namesAnAnonymousExceptionByItsFullNameRatherThanAnEmptyTag() {
		RuntimeException anonymous = new RuntimeException() {

			private static final long serialVersionUID = 1L;

		};
		assertThat(event(anonymous).exceptionName()).isEqualTo(anonymous.getClass().getName())
			.startsWith(RetryEventTests.class.getName() + "$");
	}

	private static RetryEvent event(Throwable exception) {
		return new RetryEvent("default", "target", null, 1, Duration.ZERO, null, exception, null, null, null);
	}

}
