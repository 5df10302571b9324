package dev.backoff.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A misspelt key under {@code backoff.*} stops start-up, naming the key and the closest
 * valid one, wherever it is: the top level, an entry, a status override, {@code http}.
 */
class UnknownBackoffPropertyFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class));

	@Test
	void aMisspeltEntryKeyIsNamedWithTheKeyItWasMeantToBe() {
		assertThat(analyze("backoff.settings.billing.max-trys=2")).satisfies((analysis) -> {
			assertThat(analysis.getDescription())
				.startsWith("Unknown retry configuration:\n"
						+ "- backoff.settings.billing.max-trys is not a retry setting (")
				.endsWith("); did you mean backoff.settings.billing.max-tries?");
			assertThat(analysis.getAction())
				.isEqualTo("Rename backoff.settings.billing.max-trys to backoff.settings.billing.max-tries.");
		});
	}

	@Test
	void misspeltKeysAreFoundAtEveryLevel() {
		assertThat(analyze("backoff.enabeld=false").getDescription()).endsWith("did you mean backoff.enabled?");
		assertThat(analyze("backoff.defaults.jiter=none").getDescription())
			.endsWith("did you mean backoff.defaults.jitter?");
		assertThat(analyze("backoff.settings.web.status.503.max-tyme=5s").getDescription())
			.endsWith("did you mean backoff.settings.web.status.503.max-time?");
		assertThat(analyze("backoff.http.setings=default").getDescription())
			.endsWith("did you mean backoff.http.settings?");
	}

	@Test
	void aKeyLikeNoValidOneIsNamedWithoutASuggestion() {
		FailureAnalysis analysis = analyze("backoff.settings.billing.colour=blue");
		assertThat(analysis.getDescription()).contains("- backoff.settings.billing.colour is not a retry setting")
			.doesNotContain("did you mean");
		assertThat(analysis.getAction()).startsWith("Remove backoff.settings.billing.colour");
	}

	private FailureAnalysis analyze(String property) {
		FailureAnalysis[] result = new FailureAnalysis[1];
		this.runner.withPropertyValues(property).run((AssertableApplicationContext context) -> {
			assertThat(context).hasFailed();
			result[0] = new UnknownBackoffPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(result[0]).as("analysis of %s", context.getStartupFailure()).isNotNull();
		});
		return result[0];
	}

}
