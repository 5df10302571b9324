package dev.backoff.sample;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every scenario over real HTTP against the running application, then reads the
 * counters and settings from actuator. Waits go through {@link FakeTime}, so only the
 * downstream's own slow response takes real time.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void everyScenarioBehavesAsTheReadmeSays() {
		assertScenario("unavailable", "success", 3, 2, null);
		assertScenario("rate-limited", "success", 2, 1, null);
		assertThat(run("rate-limited").get("waitsMillis")).isEqualTo(List.of(1000));
		assertScenario("interactive", "success", 2, 1, null);
		assertScenario("async", "success", 3, 2, null);
		assertScenario("poll", "success", 3, 2, null);
		assertThat(run("poll").get("waitsMillis")).isEqualTo(List.of(200, 200));
		assertScenario("programmatic", "success", 2, 1, null);
		assertScenario("drop", "success", 3, 1, null);
		assertThat(run("drop").get("tries")).as("the engine's tries: HttpURLConnection resent the GET once by itself")
			.isEqualTo(2);
		assertScenario("bad-request", "failure", 1, 0, "not-retryable");
		assertScenario("no-retry", "failure", 1, 0, "no-retry");
		assertScenario("interceptor", "success", 3, 2, null);
	}

	@Test
	void aSmallBudgetRunsOutAndThenAllowsNoRetry() {
		// 10 tokens, 5 per retry: the first call gets two retries, the next one none
		assertScenario("budget", "failure", 3, 2, "budget");
		assertScenario("budget", "failure", 1, 0, "budget");
		Map<String, Object> tokens = get("/actuator/metrics/backoff.budget.tokens?tag=name:tight");
		assertThat(measurement(tokens)).isZero();
	}

	@Test
	void countersAndSettingsAreReadableFromActuator() {
		run("bad-request");
		run("unavailable");
		Map<String, Object> giveUps = get("/actuator/metrics/backoff.giveup?tag=reason:not-retryable&tag=status:400");
		assertThat(measurement(giveUps)).isGreaterThanOrEqualTo(1.0);
		Map<String, Object> backoffs = get(
				"/actuator/metrics/backoff.backoff?tag=method:DownstreamClient%23fetch&tag=status:503");
		assertThat(measurement(backoffs)).isGreaterThanOrEqualTo(2.0);
		Map<String, Object> successes = get("/actuator/metrics/backoff.success?tag=name:default");
		assertThat(measurement(successes)).isGreaterThanOrEqualTo(1.0);
		Map<String, Object> settings = get("/actuator/backoff/default");
		assertThat(settings).extractingByKey("schedule")
			.extracting("summary")
			.isEqualTo("0.2+0.4+0.8+1.6+3.2+6.4+12.8+25.6+51.2+90 = 192.2 s");
		assertThat(get("/actuator/backoff")).extractingByKey("settings")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsKeys("default", "interactive", "polling", "demo");
	}

	@Test
	void prometheusExposesEveryMetricTheGrafanaDashboardQueries() throws Exception {
		run("unavailable");
		run("bad-request");
		String scrape = client().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(scrape).contains("backoff_success_total{").contains("backoff_giveup_total{");
		String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("grafana", "backoff-dashboard.json"));
		java.util.regex.Matcher metrics = java.util.regex.Pattern.compile("backoff_[a-z_]+").matcher(dashboard);
		java.util.Set<String> queried = new java.util.TreeSet<>();
		while (metrics.find()) {
			queried.add(metrics.group());
		}
		assertThat(queried).contains("backoff_success_total", "backoff_backoff_total", "backoff_giveup_total",
				"backoff_budget_tokens");
		assertThat(queried).allSatisfy((metric) -> assertThat(scrape).as(metric).contains("\n" + metric + "{"));
	}

	@Test
	void anUnknownScenarioIsA404ThatListsTheScenarios() {
		String body = client().get().uri("/demo/nope").exchange((request, response) -> {
			assertThat(response.getStatusCode().value()).isEqualTo(404);
			return new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		});
		assertThat(body).contains("No scenario 'nope'").contains("\"unavailable\"").contains("\"rate-limited\"");
	}

	private void assertScenario(String scenario, String outcome, int attempts, int waits, String giveUpReason) {
		Map<String, Object> result = run(scenario);
		assertThat(result).as(scenario)
			.containsEntry("outcome", outcome)
			.containsEntry("attempts", attempts)
			.containsEntry("giveUpReason", giveUpReason);
		assertThat((List<?>) result.get("waitsMillis")).as(scenario + " waits").hasSize(waits);
	}

	private Map<String, Object> run(String scenario) {
		return get("/demo/" + scenario);
	}

	private Map<String, Object> get(String path) {
		URI uri = URI.create("http://localhost:" + this.port + path);
		return client().get().uri(uri).retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	private RestClient client() {
		return RestClient.builder().baseUrl("http://localhost:" + this.port).build();
	}

	@SuppressWarnings("unchecked")
	private static double measurement(Map<String, Object> meter) {
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) meter.get("measurements");
		return ((Number) measurements.get(0).get("value")).doubleValue();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NoRealWaiting {

		@Bean
		FakeTime fakeTime() {
			return new FakeTime();
		}

	}

}
