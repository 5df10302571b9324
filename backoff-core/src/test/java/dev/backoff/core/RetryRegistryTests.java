package dev.backoff.core;

import java.io.IOException;
import java.time.Duration;
import java.util.NoSuchElementException;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class RetryRegistryTests {

	@Test
	void defaultAndInteractiveAlwaysExist() {
		RetryRegistry registry = RetryRegistry.ofDefaults();
		assertThat(registry.names()).containsExactly("default", "interactive");
		assertThat(registry.settings("default")).isSameAs(RetrySettings.defaults());
		assertThat(registry.settings("interactive")).isSameAs(RetrySettings.interactive());
		assertThat(registry.isEnabled()).isTrue();
	}

	@Test
	void anUnknownNameIsAClearError() {
		assertThatExceptionOfType(NoSuchElementException.class)
			.isThrownBy(() -> RetryRegistry.ofDefaults().retrier("billing"))
			.withMessage("No retry settings named 'billing'; the entries are [default, interactive]. "
					+ "Add backoff.settings.billing.* or name one of them.");
	}

	@Test
	void replaceTakesEffectOnTheNextCall() throws Exception {
		FakeTime time = new FakeTime();
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(time)
			.settings("billing", RetrySettings.builder().maxTries(5).base(Duration.ZERO).build())
			.build();
		int version = registry.version();
		Script<String> script = Script.of(new IOException());
		assertThatIOException().isThrownBy(() -> registry.retrier("billing").call(script));
		assertThat(script.calls).hasValue(5);
		registry.replace("billing", RetrySettings.builder().maxTries(2).base(Duration.ZERO).build());
		assertThatIOException().isThrownBy(() -> registry.retrier("billing").call(script));
		assertThat(script.calls).hasValue(7);
		assertThat(registry.version()).isNotEqualTo(version);
		assertThat(registry.settings("billing").maxTries()).isEqualTo(2);
	}

	@Test
	void retriersOfOneRegistryShareItsListeners() throws Exception {
		RecordingListener listener = new RecordingListener();
		RetryRegistry registry = RetryRegistry.builder().listener(listener).build();
		registry.retrier("interactive").call(() -> "ok");
		registry.newRetrier("adhoc", RetrySettings.defaults()).call(() -> "ok");
		assertThat(listener.events).extracting(RetryEvent::name).containsExactly("interactive", "adhoc");
	}

}
