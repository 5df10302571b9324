package dev.backoff.sample;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample from the artifacts that {@code spring-boot:process-aot} generated at
 * build time (the way a native image starts), and runs one retried scenario over HTTP.
 * Real waits, kept to a few milliseconds.
 */
class SampleApplicationAotIT {

	@AfterEach
	void clearAotMode() {
		System.clearProperty(AotDetector.AOT_ENABLED);
	}

	@Test
	void startsInAotModeAndRetries() {
		System.setProperty(AotDetector.AOT_ENABLED, "true");
		assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// the AOT initializer is named after the main class, which the stack would
		// wrongly say is surefire's
		application.setMainApplicationClass(SampleApplication.class);
		try (ConfigurableApplicationContext context = application.run("--server.port=0",
				"--backoff.settings.default.base=1ms", "--backoff.settings.default.cap=5ms")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			Map<String, Object> result = RestClient.create("http://localhost:" + port)
				.get()
				.uri("/demo/unavailable")
				.retrieve()
				.body(new ParameterizedTypeReference<>() {
				});
			assertThat(result).containsEntry("outcome", "success").containsEntry("attempts", 3);
		}
	}

}
