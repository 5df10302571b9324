package dev.backoff.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with its retry budgets in Redis, as a fleet would run it: the budget
 * scenario spends the bucket that lives in a real Redis server (on loopback, from the
 * embedded-redis test artifact), not in the instance.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "backoff.budget.store=redis")
class SampleRedisBudgetTests {

	private static RedisServer redis;

	private static int redisPort;

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate template;

	@BeforeAll
	static void startRedis() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			redisPort = socket.getLocalPort();
		}
		redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"").build();
		redis.start();
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.stop();
	}

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redisPort);
	}

	@Test
	void theBudgetScenarioSpendsTheBucketThatLivesInRedis() {
		Map<String, Object> first = run("budget");
		assertThat(first).containsEntry("attempts", 3).containsEntry("giveUpReason", "budget");
		assertThat(this.template.opsForValue().get("backoff:budget:sample:tight")).isEqualTo("0");
		assertThat(run("budget")).containsEntry("attempts", 1).containsEntry("giveUpReason", "budget");
	}

	private Map<String, Object> run(String scenario) {
		return RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/demo/" + scenario)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NoRealWaiting {

		@Bean
		FakeTime fakeTime() {
			return new FakeTime();
		}

	}

}
