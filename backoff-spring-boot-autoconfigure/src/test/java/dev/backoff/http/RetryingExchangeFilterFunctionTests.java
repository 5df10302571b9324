package dev.backoff.http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.backoff.core.GiveUpReason;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.WaitStrategy;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetryingExchangeFilterFunctionTests {

	private final FakeTime time = new FakeTime();

	private final List<RetryEvent> giveUps = new CopyOnWriteArrayList<>();

	private FlakyServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new FlakyServer();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	private WebClient client(Set<HttpMethod> methods) {
		return client(methods, RetryRegistry.builder().fakeTime(this.time));
	}

	private WebClient client(Set<HttpMethod> methods, RetryRegistry.Builder builder) {
		RetryRegistry registry = builder.listener(new RetryListener() {
			@Override
			public void onGiveUp(RetryEvent event) {
				RetryingExchangeFilterFunctionTests.this.giveUps.add(event);
			}
		})
			.settings("http",
					RetrySettings.builder().strategy(WaitStrategy.constant()).base(Duration.ofMillis(10)).build())
			.build();
		return WebClient.builder()
			.clientConnector(new JdkClientHttpConnector())
			.filter(new RetryingExchangeFilterFunction(registry, "http", methods, this.time.wallClock()))
			.build();
	}

	private String get(WebClient client, String path) {
		return client.get()
			.uri(this.server.url(path))
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> response.statusCode().value() + " " + body))
			.block(Duration.ofSeconds(10));
	}

	@Test
	void disposingTheSubscriptionDuringAWaitCancelsTheRetry() throws InterruptedException {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
		FakeTime manual = FakeTime.manual();
		CountDownLatch waiting = new CountDownLatch(1);
		List<Future<?>> timers = new CopyOnWriteArrayList<>();
		WebClient client = client(RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS,
				RetryRegistry.builder().fakeTime(manual).scheduler((task, delay) -> {
					Future<?> timer = manual.schedule(task, delay);
					timers.add(timer);
					waiting.countDown();
					return timer;
				}));
		Disposable subscription = client.get()
			.uri(this.server.url("/a"))
			.retrieve()
			.toBodilessEntity()
			.subscribe((response) -> {
			}, (failure) -> {
			});
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		subscription.dispose();
		// the timer is cancelled on this thread, or on the connector's if it was just
		// being set
		assertThat(timers).singleElement()
			.satisfies((timer) -> assertThatExceptionOfType(CancellationException.class)
				.isThrownBy(() -> timer.get(10, TimeUnit.SECONDS)));
		manual.advance(Duration.ofMinutes(1));
		assertThat(this.server.requests("/a")).isEqualTo(1);
		assertThat(this.giveUps).singleElement()
			.satisfies((event) -> assertThat(event.reason()).isEqualTo(GiveUpReason.CANCELLED));
	}

	@Test
	void serviceUnavailableIsRetriedUntilTheServerRecovers() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(503, "busy"),
				FlakyServer.respond(200, "ok"));
		assertThat(get(client(RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS), "/a")).isEqualTo("200 ok");
		assertThat(this.server.requests("/a")).isEqualTo(3);
		assertThat(this.time.waits()).hasSize(2);
	}

	@Test
	void retryAfterReplacesTheComputedWait() {
		this.server.script("/a", FlakyServer.respond(429, "", "Retry-After", "2"), FlakyServer.respond(200, "ok"));
		assertThat(get(client(RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS), "/a")).isEqualTo("200 ok");
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void theLastFailingResponseReachesTheCaller() {
		this.server.script("/a", FlakyServer.respond(404, "missing"));
		assertThat(get(client(RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS), "/a")).isEqualTo("404 missing");
		assertThat(this.server.requests("/a")).isEqualTo(9);
		assertThat(this.giveUps).singleElement().satisfies((event) -> assertThat(event.status()).isEqualTo(404));
	}

	@Test
	void twoRetryingFiltersOnOneClientRetryAsOneDoes() {
		this.server.script("/once", FlakyServer.respond(503, "down"));
		this.server.script("/twice", FlakyServer.respond(503, "down"));
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(this.time)
			.settings("http", RetrySettings.builder().maxTries(4).strategy(WaitStrategy.constant()).build())
			.build();
		RetryingExchangeFilterFunction filter = new RetryingExchangeFilterFunction(registry, "http",
				RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS, this.time.wallClock());
		WebClient once = WebClient.builder().clientConnector(new JdkClientHttpConnector()).filter(filter).build();
		WebClient twice = once.mutate().filter(filter).build();
		assertThat(get(once, "/once")).isEqualTo("503 down");
		assertThat(get(twice, "/twice")).isEqualTo("503 down");
		// the inner filter's tries run inside the outer's: it makes one try each, not 4 x
		// 4
		assertThat(this.server.requests("/once")).isEqualTo(4);
		assertThat(this.server.requests("/twice")).isEqualTo(4);
	}

	@Test
	void badRequestAndPostAreNotRetried() {
		this.server.script("/bad", FlakyServer.respond(400, "bad"));
		this.server.script("/post", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
		WebClient client = client(RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS);
		assertThat(get(client, "/bad")).isEqualTo("400 bad");
		Integer status = client.post()
			.uri(this.server.url("/post"))
			.bodyValue("payload")
			.exchangeToMono((response) -> Mono.just(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
		assertThat(status).isEqualTo(503);
		assertThat(this.server.requests("/bad")).isEqualTo(1);
		assertThat(this.server.requests("/post")).isEqualTo(1);
	}

}
