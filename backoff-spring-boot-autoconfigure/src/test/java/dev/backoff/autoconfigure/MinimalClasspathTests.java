package dev.backoff.autoconfigure;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in its own Surefire execution whose classpath really lacks spring-web, WebFlux,
 * Reactor, Micrometer and actuator (see the pom): every auto-configuration must still
 * load, and {@code @Retryable} must work. A class loader that only hides classes cannot
 * show this, because classes loaded by its parent still see them.
 */
class MinimalClasspathTests {

	@Test
	void theOptionalLibrariesAreReallyAbsent() {
		assertThat(ClassUtils.isPresent("org.springframework.http.HttpMethod", null)).isFalse();
		assertThat(ClassUtils.isPresent("reactor.core.publisher.Mono", null)).isFalse();
		assertThat(ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", null)).isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", null))
			.isFalse();
	}

	@Test
	void everyAutoConfigurationLoadsAndRetryableWorks() {
		// by name, from the AutoConfiguration.imports file, as an application loads them
		new ApplicationContextRunner().withUserConfiguration(Application.class)
			.withBean(FakeTime.class)
			.withBean(Flaky.class)
			.withPropertyValues("backoff.http.methods=GET,POST")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RetryRegistry.class);
				assertThat(context.getBeanNamesForType(BackoffProperties.class)).hasSize(1);
				assertThat(context.getBean(Flaky.class).fetch()).isEqualTo("ok after 3");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

	public static class Flaky {

		private final AtomicInteger calls = new AtomicInteger();

		@Retryable
		public String fetch() throws IOException {
			if (this.calls.incrementAndGet() < 3) {
				throw new IOException("not yet");
			}
			return "ok after " + this.calls.get();
		}

	}

}
