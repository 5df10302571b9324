package dev.backoff.autoconfigure;

import dev.backoff.core.RetryRegistry;

/**
 * Adjusts the auto-configured {@link RetryRegistry} before it is built: add settings
 * entries, listeners or extractors, or change a seam, while keeping everything the
 * properties and the other auto-configurations set (replacing the registry bean would
 * lose them). Beans of this type are applied in their {@code @Order}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RetryRegistryCustomizer {

	/**
	 * Customizes the registry's builder.
	 * @param builder the builder, already holding the configured entries, seams and
	 * listeners
	 */
	void customize(RetryRegistry.Builder builder);

}
