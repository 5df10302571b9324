package dev.backoff.autoconfigure;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.core.FakeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

@ExtendWith(OutputCaptureExtension.class)
class LoggingTests {

	private static final String SECRET = "4111-1111-1111-1111";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Payments.class)
		.withPropertyValues("backoff.settings.default.max-tries=3");

	@Test
	void backoffsAreLoggedAtInfoAndGiveUpsAtErrorWithoutArgumentsOrMessages(CapturedOutput output) {
		this.runner.run((context) -> {
			Payments payments = context.getBean(Payments.class);
			assertThatIOException().isThrownBy(() -> payments.charge(SECRET));
			assertThat(payments.calls()).isEqualTo(3);
		});
		assertThat(output).contains("INFO dev.backoff -- Retrying Payments#charge (settings 'default') in ")
			.contains(" ms after try 1 failed with java.io.IOException")
			.contains("ERROR dev.backoff -- Giving up on Payments#charge (settings 'default') after 3 tries "
					+ "(max-tries): failed with java.io.IOException")
			.doesNotContain(SECRET);
	}

	public static class Payments {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Retryable
		public String charge(String cardNumber) throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("card " + cardNumber + " declined");
		}

	}

}
