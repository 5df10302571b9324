package dev.backoff.redis;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffRedisBudgetAutoConfiguration;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.http.FlakyServer;
import dev.backoff.http.RetryingExchangeFilterFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The non-blocking forms with the retry budget kept in a real Redis, under BlockHound:
 * the {@code WebClient} filter and {@code @Retryable} {@code Mono} and
 * {@code CompletableFuture} methods whose tries end on Reactor Netty's event loops, where
 * any blocking call (the Redis round trip made synchronously, as before) is recorded and
 * fails the test. Run in a JVM of their own (the surefire execution {@code blockhound}),
 * since BlockHound instruments the JDK. Waits are 1 ms of real time.
 */
class RedisBudgetBlockHoundTests {

	@RegisterExtension
	static final EmbeddedRedis redis = new EmbeddedRedis();

	/**
	 * Every blocking call BlockHound saw on a non-blocking thread, with the thread's
	 * name.
	 */
	private static final List<String> blocked = new CopyOnWriteArrayList<>();

	private static final WebClient.Builder webClient = WebClient.builder()
		.clientConnector(new ReactorClientHttpConnector());

	private FlakyServer server;

	@BeforeAll
	static void installBlockHound() {
		BlockHound.install((builder) -> builder.blockingMethodCallback((method) -> {
			blocked.add(method + " on " + Thread.currentThread().getName());
			throw new BlockingOperationError(method);
		}));
	}

	@BeforeEach
	void startServer() throws IOException {
		blocked.clear();
		this.server = new FlakyServer();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	/**
	 * An application whose budgets live in Redis under {@code prefix}: entry
	 * {@code flaky} makes up to 3 tries 1 ms apart, and its bucket holds two retries (10
	 * tokens, 5 a retry, no refund).
	 */
	private ApplicationContextRunner application(String prefix) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, BackoffAutoConfiguration.class,
					BackoffRedisBudgetAutoConfiguration.class))
			.withPropertyValues(redis.springProperties())
			.withPropertyValues("backoff.budget.store=redis", "backoff.budget.redis.key-prefix=" + prefix,
					"backoff.settings.flaky.strategy=constant", "backoff.settings.flaky.base=1ms",
					"backoff.settings.flaky.jitter=none", "backoff.settings.flaky.max-tries=3",
					"backoff.settings.flaky.budget.enabled=true", "backoff.settings.flaky.budget.capacity=10",
					"backoff.settings.flaky.budget.retry-cost=5", "backoff.settings.flaky.budget.refund=0")
			.withBean(Events.class)
			.withBean(Downstream.class, () -> new Downstream(this.server));
	}

	@Test
	void theWebClientFilterDecidesTheRedisBudgetWithoutBlockingTheEventLoop() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(503, "busy"),
				FlakyServer.respond(200, "ok"));
		this.server.script("/down", FlakyServer.respond(503, "busy"));
		application("filter:").run((context) -> {
			WebClient client = webClient.clone()
				.filter(new RetryingExchangeFilterFunction(context.getBean(RetryRegistry.class), "flaky",
						Set.of(HttpMethod.GET), Clock.systemUTC()))
				.build();
			assertThat(get(client, "/a")).isEqualTo("200 ok");
			assertThat(this.server.requests("/a")).isEqualTo(3);
			assertThat(tokens(context, "filter:flaky 127.0.0.1")).as("two retries spent the bucket").isEqualTo("0");
			assertThat(get(client, "/down")).as("the last response reaches the caller").isEqualTo("503 busy");
			assertThat(this.server.requests("/down")).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds).containsExactly("backoff 1", "backoff 2", "success 3",
					"giveup 1 budget");
		});
		assertThat(blocked).isEmpty();
	}

	@Test
	void aRetryableMonoMethodDecidesTheRedisBudgetWithoutBlockingTheEventLoop() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(503, "busy"),
				FlakyServer.respond(200, "ok"));
		this.server.script("/down", FlakyServer.respond(503, "busy"));
		application("mono:").run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			assertThat(downstream.fetch("/a").block(Duration.ofSeconds(10))).isEqualTo("ok");
			assertThat(this.server.requests("/a")).isEqualTo(3);
			assertThat(tokens(context, "mono:flaky")).isEqualTo("0");
			assertThatExceptionOfType(WebClientResponseException.ServiceUnavailable.class)
				.isThrownBy(() -> downstream.fetch("/down").block(Duration.ofSeconds(10)));
			assertThat(this.server.requests("/down")).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds).containsExactly("backoff 1", "backoff 2", "success 3",
					"giveup 1 budget");
		});
		assertThat(blocked).isEmpty();
	}

	@Test
	void aCompletableFutureMethodDecidesTheRedisBudgetWithoutBlockingTheThreadThatCompletesItsTry() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(503, "busy"),
				FlakyServer.respond(200, "ok"));
		this.server.script("/down", FlakyServer.respond(503, "busy"));
		application("async:").run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			assertThat(downstream.fetchAsync("/a").get()).isEqualTo("ok");
			assertThat(this.server.requests("/a")).isEqualTo(3);
			assertThat(tokens(context, "async:flaky")).isEqualTo("0");
			assertThat(downstream.fetchAsync("/down")).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(WebClientResponseException.ServiceUnavailable.class);
			assertThat(this.server.requests("/down")).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds).containsExactly("backoff 1", "backoff 2", "success 3",
					"giveup 1 budget");
		});
		assertThat(blocked).isEmpty();
	}

	@Test
	void blockHoundFlagsTheSynchronousDecisionTheDriversMadeBeforeOnTheEventLoop() {
		this.server.script("/a", FlakyServer.respond(200, "ok"));
		application("proof:").run((context) -> {
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			// the old drivers' way: the blocking decision, on the thread the response
			// arrived on
			Mono<String> decidedOnTheEventLoop = webClient.build()
				.get()
				.uri(this.server.url("/a"))
				.retrieve()
				.bodyToMono(String.class)
				.map((body) -> {
					RetryDrivers.start(registry.retrier("flaky"), null).onFailure(new IOException("down"));
					return body;
				});
			assertThatException().isThrownBy(() -> decidedOnTheEventLoop.block(Duration.ofSeconds(10)))
				.withRootCauseInstanceOf(BlockingOperationError.class);
		});
		assertThat(blocked).isNotEmpty().allSatisfy((call) -> assertThat(call).contains(" on reactor-http-"));
	}

	private String get(WebClient client, String path) {
		return client.get()
			.uri(this.server.url(path))
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> response.statusCode().value() + " " + body))
			.block(Duration.ofSeconds(10));
	}

	private static String tokens(org.springframework.context.ApplicationContext context, String key) {
		return new StringRedisTemplate(context.getBean(RedisConnectionFactory.class)).opsForValue().get(key);
	}

	/** Records each event as {@code kind tries} (and the reason of a give-up). */
	static class Events implements RetryListener {

		final List<String> kinds = new CopyOnWriteArrayList<>();

		@Override
		public void onSuccess(RetryEvent event) {
			this.kinds.add("success " + event.tries());
		}

		@Override
		public void onBackoff(RetryEvent event) {
			this.kinds.add("backoff " + event.tries());
		}

		@Override
		public void onGiveUp(RetryEvent event) {
			this.kinds.add("giveup " + event.tries() + " " + event.reason().tag());
		}

	}

	/**
	 * Calls the loopback server through Reactor Netty: each try ends on its event loop.
	 */
	public static class Downstream {

		private final WebClient client = webClient.build();

		private final FlakyServer server;

		Downstream(FlakyServer server) {
			this.server = server;
		}

		@Retryable("flaky")
		public Mono<String> fetch(String path) {
			return this.client.get().uri(this.server.url(path)).retrieve().bodyToMono(String.class);
		}

		@Retryable("flaky")
		public CompletableFuture<String> fetchAsync(String path) {
			return fetch(path).toFuture();
		}

	}

}
