package dev.backoff.core;

import java.time.Duration;

/** Settings the engine tests share: waits they can predict exactly. */
final class TestSettings {

	private TestSettings() {
	}

	/** Constant waits of {@code millis}, no jitter, the defaults' other values. */
	static RetrySettings.Builder constant(long millis) {
		return RetrySettings.builder()
			.strategy(WaitStrategy.constant())
			.jitter(Jitter.none())
			.base(Duration.ofMillis(millis));
	}

}
