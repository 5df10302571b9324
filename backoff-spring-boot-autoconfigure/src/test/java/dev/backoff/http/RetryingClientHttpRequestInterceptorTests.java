package dev.backoff.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.core.BudgetSettings;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.Sleeper;
import dev.backoff.core.WaitStrategy;
import dev.backoff.core.test.FakeTime;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetryingClientHttpRequestInterceptorTests {

	private final FakeTime time = new FakeTime();

	private final List<RetryEvent> events = new CopyOnWriteArrayList<>();

	private final AtomicInteger closed = new AtomicInteger();

	/** How the retrying interceptor waits: fake time unless a test changes it. */
	private Sleeper sleeper = this.time;

	/** What reading a response's status throws, if a test wants it to fail. */
	private @Nullable IOException statusFailure;

	private FlakyServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new FlakyServer();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	private RestClient client(RetrySettings.Builder settings, Set<HttpMethod> methods) {
		RetryRegistry registry = RetryRegistry.builder().fakeTime(this.time).listener(new RetryListener() {
			@Override
			public void onBackoff(RetryEvent event) {
				RetryingClientHttpRequestInterceptorTests.this.events.add(event);
			}

			@Override
			public void onGiveUp(RetryEvent event) {
				RetryingClientHttpRequestInterceptorTests.this.events.add(event);
			}
		}).sleeper(this.sleeper).settings("http", settings.build()).build();
		// HttpURLConnection: the JDK HttpClient silently resends a GET once when a
		// connection
		// closes before any byte, which would hide what this interceptor does
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		// long enough that a loaded machine never times out a scripted response; the
		// stall test waits it once
		requestFactory.setReadTimeout(Duration.ofSeconds(1));
		ClientHttpRequestInterceptor tracking = (request, body,
				execution) -> new Tracked(execution.execute(request, body), this.closed, this.statusFailure);
		return RestClient.builder()
			.requestFactory(requestFactory)
			.requestInterceptor(
					new RetryingClientHttpRequestInterceptor(registry, "http", methods, this.time.wallClock()))
			.requestInterceptor(tracking)
			.build();
	}

	private RestClient client() {
		return client(RetrySettings.builder().strategy(WaitStrategy.constant()).base(Duration.ofMillis(10)),
				RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS);
	}

	private String get(RestClient client, String path) {
		return client.get()
			.uri(this.server.url(path))
			.exchange((request, response) -> response.getStatusCode().value() + " "
					+ new String(response.getBody().readAllBytes()));
	}

	@Test
	void eachHostHasItsOwnRetryBudgetUnderTheEntry() {
		this.server.script("/down", FlakyServer.respond(503, "down"));
		RestClient client = client(RetrySettings.builder()
			.budget(new BudgetSettings(true, 10, 5, 1, 0))
			.strategy(WaitStrategy.constant())
			.base(Duration.ZERO), RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS);
		// 127.0.0.1 spends its own 10 tokens: 1 + 2 requests, then none to spare
		assertThat(get(client, "/down")).isEqualTo("503 down");
		assertThat(get(client, "/down")).isEqualTo("503 down");
		assertThat(this.server.requests("/down")).isEqualTo(3 + 1);
		// localhost is another host: its own full bucket
		String other = this.server.url("/down").replace("127.0.0.1", "localhost");
		Integer status = client.get().uri(other).exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(503);
		assertThat(this.server.requests("/down")).isEqualTo(4 + 3);
	}

	@Test
	void serviceUnavailableIsRetriedUntilTheServerRecovers() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(503, "busy"),
				FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
		assertThat(get(client(), "/a")).isEqualTo("200 ok");
		assertThat(this.server.requests("/a")).isEqualTo(4);
		assertThat(this.closed).as("responses closed, none leaked").hasValue(4);
		assertThat(this.events).hasSize(3).allSatisfy((event) -> {
			assertThat(event.status()).isEqualTo(503);
			assertThat(event.exception()).isInstanceOf(HttpStatusException.class)
				.isInstanceOf(org.springframework.web.client.RestClientException.class);
			assertThat(event.target()).isEqualTo("GET 127.0.0.1");
		});
	}

	@Test
	void retryAfterInSecondsReplacesTheComputedWait() {
		this.server.script("/a", FlakyServer.respond(429, "slow down", "Retry-After", "2"),
				FlakyServer.respond(200, "ok"));
		assertThat(get(client(), "/a")).isEqualTo("200 ok");
		assertThat(this.server.requests("/a")).isEqualTo(2);
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void retryAfterAsAnHttpDateIsRelativeToTheClock() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(this.time.wallClock().instant().plusSeconds(3).atOffset(ZoneOffset.UTC));
		this.server.script("/a", FlakyServer.respond(503, "busy", "Retry-After", date), FlakyServer.respond(200, "ok"));
		assertThat(get(client(), "/a")).isEqualTo("200 ok");
		assertThat(this.time.waits()).containsExactly(Duration.ofSeconds(3));
	}

	@Test
	void aRetryAfterAboveTheCapHandsTheResponseToTheCallerAtOnce() {
		this.server.script("/a", FlakyServer.respond(429, "", "Retry-After", "999999999999"),
				FlakyServer.respond(200, "ok"));
		RestClient client = client(RetrySettings.builder().cap(Duration.ofSeconds(30)),
				RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS);
		assertThat(get(client, "/a")).isEqualTo("429 ");
		assertThat(this.server.requests("/a")).isEqualTo(1);
		assertThat(this.time.waits()).isEmpty();
	}

	@Test
	void garbageRetryAfterFallsBackToTheStrategy() {
		this.server.script("/a", FlakyServer.respond(503, "", "Retry-After", "tomorrow-ish"),
				FlakyServer.respond(200, "ok"));
		assertThat(get(client(), "/a")).isEqualTo("200 ok");
		assertThat(this.time.waits()).hasSize(1)
			.allSatisfy((wait) -> assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(10)));
	}

	@Test
	void notFoundIsRetriedEightTimesThenTheLastResponseReachesTheCaller() {
		this.server.script("/a", FlakyServer.respond(404, "missing"));
		assertThat(get(client(), "/a")).isEqualTo("404 missing");
		assertThat(this.server.requests("/a")).isEqualTo(9);
		assertThat(this.closed).as("responses closed, none leaked").hasValue(9);
		assertThat(this.events).last().satisfies((event) -> assertThat(event.reason().tag()).isEqualTo("max-tries"));
	}

	@Test
	void badRequestIsNotRetried() {
		this.server.script("/a", FlakyServer.respond(400, "bad"));
		assertThat(get(client(), "/a")).isEqualTo("400 bad");
		assertThat(this.server.requests("/a")).isEqualTo(1);
		assertThat(this.closed).as("responses closed, none leaked").hasValue(1);
	}

	@Test
	void postIsNotRetriedByDefault() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
		String result = client().post()
			.uri(this.server.url("/a"))
			.body("payload")
			.exchange((request, response) -> String.valueOf(response.getStatusCode().value()));
		assertThat(result).isEqualTo("503");
		assertThat(this.server.requests("/a")).isEqualTo(1);
	}

	@Test
	void postIsRetriedWhenConfigured() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
		RestClient client = client(RetrySettings.builder().base(Duration.ZERO), Set.of(HttpMethod.POST));
		String result = client.post()
			.uri(this.server.url("/a"))
			.body("payload")
			.exchange((request, response) -> String.valueOf(response.getStatusCode().value()));
		assertThat(result).isEqualTo("200");
		assertThat(this.server.requests("/a")).isEqualTo(2);
	}

	@Test
	void droppedConnectionsAreRetried() {
		this.server.script("/a", FlakyServer.drop(), FlakyServer.drop(), FlakyServer.respond(200, "ok"));
		assertThat(get(client(), "/a")).isEqualTo("200 ok");
		// HttpURLConnection itself resends a GET once when the connection closes before
		// any
		// byte, so our first try made two requests; our retry made the third
		assertThat(this.server.requests("/a")).isEqualTo(3);
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event.exception()).isInstanceOf(IOException.class));
	}

	@Test
	void readTimeoutsAreRetried() {
		this.server.script("/a", this.server.stall(FlakyServer.respond(200, "late")), FlakyServer.respond(200, "ok"));
		assertThat(get(client(), "/a")).isEqualTo("200 ok");
		assertThat(this.server.requests("/a")).isEqualTo(2);
		assertThat(this.events.get(0).exception()).isInstanceOf(IOException.class);
	}

	@Test
	void whenIoErrorsOutlastTheLimitsTheLastOneReachesTheCaller() throws IOException {
		String refused;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			refused = "http://127.0.0.1:" + socket.getLocalPort() + "/a";
		}
		RestClient client = client(RetrySettings.builder().maxTries(3).base(Duration.ZERO),
				RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS);
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri(refused).retrieve().body(String.class))
			.withCauseInstanceOf(java.net.ConnectException.class);
		assertThat(this.events).hasSize(3).last().satisfies((event) -> {
			assertThat(event.tries()).isEqualTo(3);
			assertThat(event.reason().tag()).isEqualTo("max-tries");
		});
	}

	@Test
	void anInterruptDuringTheWaitHandsTheLastFailureToTheCallerAndKeepsTheFlag() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
		this.sleeper = (duration) -> {
			throw new InterruptedException("woken");
		};
		RestClient client = client();
		try {
			assertThatExceptionOfType(HttpStatusException.class).isThrownBy(() -> get(client, "/a"))
				.isInstanceOf(RestClientResponseException.class)
				.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(503));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.server.requests("/a")).isEqualTo(1);
		assertThat(this.closed).as("responses closed, none leaked").hasValue(1);
		assertThat(this.events).last().satisfies((event) -> assertThat(event.reason().tag()).isEqualTo("interrupted"));
	}

	@Test
	void retryOnRestClientExceptionStillRetriesStatuses() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(502, "bad gateway"),
				FlakyServer.respond(200, "ok"));
		RestClient client = client(
				RetrySettings.builder()
					.strategy(WaitStrategy.constant())
					.base(Duration.ofMillis(10))
					.retryOn(List.of(RestClientException.class)),
				RetryingClientHttpRequestInterceptor.IDEMPOTENT_METHODS);
		assertThat(get(client, "/a")).isEqualTo("200 ok");
		assertThat(this.server.requests("/a")).isEqualTo(3);
		assertThat(this.closed).as("responses closed, none leaked").hasValue(3);
	}

	@Test
	void aFailureWhileReadingTheStatusStillClosesTheResponse() {
		this.server.script("/a", FlakyServer.respond(503, "busy"), FlakyServer.respond(200, "ok"));
		this.statusFailure = new IOException("unreadable status line");
		RestClient client = client();
		assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> get(client, "/a"))
			.withCause(this.statusFailure);
		assertThat(this.server.requests("/a")).isEqualTo(1);
		assertThat(this.closed).as("responses closed, none leaked").hasValue(1);
	}

	/** Counts {@link #close()} calls of the responses the retrying interceptor sees. */
	private record Tracked(ClientHttpResponse delegate, AtomicInteger closed,
			@Nullable IOException statusFailure) implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			if (this.statusFailure != null) {
				throw this.statusFailure;
			}
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public void close() {
			this.closed.incrementAndGet();
			this.delegate.close();
		}

		@Override
		public InputStream getBody() throws IOException {
			return this.delegate.getBody();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

	}

}
