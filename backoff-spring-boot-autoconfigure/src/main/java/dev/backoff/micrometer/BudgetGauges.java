package dev.backoff.micrometer;

import dev.backoff.core.RetryRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Registers gauge {@code backoff.budget.tokens} (tag {@code name}): the tokens left in
 * each settings entry's retry budget, whether or not the entry's budget is enabled.
 *
 * @since 0.1.0
 */
public final class BudgetGauges {

	/** Gauge of the tokens left in an entry's retry budget. */
	public static final String TOKENS = "backoff.budget.tokens";

	private BudgetGauges() {
	}

	/**
	 * Registers one gauge per entry of {@code registry}.
	 * @param registry the retry registry
	 * @param meters the meter registry
	 */
	public static void register(RetryRegistry registry, MeterRegistry meters) {
		for (String name : registry.names()) {
			Gauge.builder(TOKENS, registry, (retries) -> retries.budget(name).available())
				.description("Tokens left in the entry's retry budget")
				.tag("name", name)
				.register(meters);
		}
	}

}
