package dev.backoff.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Silences the engine's logger {@code dev.backoff} during each test of a class that makes
 * many tries (and listeners that throw on purpose), then restores its level.
 */
final class QuietEngineLog implements BeforeEachCallback, AfterEachCallback {

	private static final Logger LOGGER = (Logger) LoggerFactory.getLogger("dev.backoff");

	private Level previous;

	@Override
	public void beforeEach(ExtensionContext context) {
		this.previous = LOGGER.getLevel();
		LOGGER.setLevel(Level.OFF);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		LOGGER.setLevel(this.previous);
	}

}
