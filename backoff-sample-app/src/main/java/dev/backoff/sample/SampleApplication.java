package dev.backoff.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/**
 * The sample application: the starter at work against a flaky downstream service.
 */
@SpringBootApplication
public class SampleApplication {

	private static final Logger logger = LoggerFactory.getLogger(SampleApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@EventListener
	void started(WebServerInitializedEvent event) {
		String base = "http://localhost:" + event.getWebServer().getPort();
		logger.info("""

				  The backoff sample is up. Try:
				    curl {}/demo                       (the scenarios)
				    curl {}/demo/unavailable           (503 twice, then 200)
				    curl {}/actuator/backoff           (the settings and their schedules)
				    curl {}/actuator/metrics/backoff.backoff
				""", base, base, base, base);
	}

}
