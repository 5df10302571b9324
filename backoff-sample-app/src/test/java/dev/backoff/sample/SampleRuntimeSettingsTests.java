package dev.backoff.sample;

import java.util.List;
import java.util.Map;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes an entry at run time over real HTTP, as an operator would during an incident:
 * {@code POST /actuator/backoff/{name}}, {@code DELETE} to return to the configured
 * values, and what {@code GET /actuator/backoff} shows meanwhile.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleRuntimeSettingsTests {

	@LocalServerPort
	int port;

	@AfterEach
	void returnToTheConfiguredValues() {
		exchange(HttpMethod.DELETE, "/actuator/backoff/default", null);
		exchange(HttpMethod.DELETE, "/actuator/backoff/tight", null);
	}

	@Test
	void anOperatorSwitchesAnEntryOffAndBackOn() {
		Response changed = exchange(HttpMethod.POST, "/actuator/backoff/default",
				"{\"enabled\": false, \"maxTries\": 4}");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.body()).containsEntry("enabled", false)
			.containsEntry("maxTries", 4)
			.containsEntry("overrides", Map.of("enabled", false, "maxTries", 4));
		Map<String, Object> once = get("/demo/unavailable");
		assertThat(once).containsEntry("outcome", "failure")
			.containsEntry("attempts", 1)
			.containsEntry("giveUpReason", "disabled");
		Map<String, Object> all = get("/actuator/backoff");
		assertThat(all).containsEntry("overridden", List.of("default"));
		Response reset = exchange(HttpMethod.DELETE, "/actuator/backoff/default", null);
		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.body()).containsEntry("enabled", true)
			.containsEntry("maxTries", 11)
			.containsEntry("overrides", Map.of());
		assertThat(get("/actuator/backoff")).containsEntry("overridden", List.of());
		assertThat(get("/demo/unavailable")).containsEntry("outcome", "success").containsEntry("attempts", 3);
	}

	@Test
	void aBadValueIsA400WithTheStartUpMessageAndChangesNothing() {
		Response refused = exchange(HttpMethod.POST, "/actuator/backoff/default",
				"{\"maxTries\": 0, \"enabled\": false}");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).containsEntry("message",
				"Invalid retry configuration:\n- backoff.settings.default.max-tries was '0' but it must be at least 1");
		Response cap = exchange(HttpMethod.POST, "/actuator/backoff/default", "{\"cap\": \"10ms\"}");
		assertThat(cap.status()).isEqualTo(400);
		assertThat(cap.body()).containsEntry("message",
				"Invalid retry configuration:\n- backoff.settings.default.base was '100ms' but it must be at most the cap (10ms)");
		assertThat(get("/actuator/backoff/default")).containsEntry("enabled", true)
			.containsEntry("overrides", Map.of());
	}

	@Test
	void anEmptyBodyReturnsToTheConfiguredValuesAndTheBudgetCanBeSwitched() {
		Response budget = exchange(HttpMethod.POST, "/actuator/backoff/tight",
				"{\"budgetEnabled\": false, \"base\": \"20ms\", \"maxTime\": \"2s\"}");
		assertThat(budget.status()).as(budget.body().toString()).isEqualTo(200);
		assertThat(budget.body()).containsEntry("base", "20ms").containsEntry("maxTime", "2s");
		assertThat(budget.body()).extractingByKey("budget").extracting("enabled").isEqualTo(false);
		Response reset = exchange(HttpMethod.POST, "/actuator/backoff/tight", "{}");
		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.body()).containsEntry("base", "10ms").containsEntry("overrides", Map.of());
		assertThat(reset.body()).extractingByKey("budget").extracting("enabled").isEqualTo(true);
	}

	@Test
	void anUnknownEntryIsA404() {
		assertThat(exchange(HttpMethod.POST, "/actuator/backoff/nope", "{\"enabled\": false}").status()).isEqualTo(404);
		assertThat(exchange(HttpMethod.DELETE, "/actuator/backoff/nope", null).status()).isEqualTo(404);
	}

	private Map<String, Object> get(String path) {
		return client().get().uri(path).retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	private Response exchange(HttpMethod method, String path, String json) {
		RestClient.RequestBodySpec request = client().method(method).uri(path);
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(json);
		}
		return request.exchange((req, response) -> {
			byte[] bytes = response.getBody().readAllBytes();
			Map<String, Object> body = (bytes.length == 0) ? Map.of() : new tools.jackson.databind.ObjectMapper()
				.readValue(bytes, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
				});
			return new Response(response.getStatusCode().value(), body);
		});
	}

	private RestClient client() {
		return RestClient.builder().baseUrl("http://localhost:" + this.port).build();
	}

	record Response(int status, Map<String, Object> body) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NoRealWaiting {

		@Bean
		FakeTime fakeTime() {
			return new FakeTime();
		}

	}

}
