package dev.backoff.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.backoff.core.NoRetry;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryRegistry;
import dev.backoff.http.RetryingClientHttpRequestInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * {@code GET /demo/{scenario}} runs one scenario against the flaky downstream and answers
 * with what happened: attempts the downstream received, the waits, outcome and elapsed
 * time. {@code GET /demo} lists the scenarios.
 */
@RestController
public class DemoController {

	private final DownstreamClient client;

	private final FlakyDownstream downstream;

	private final RetryRegistry registry;

	private final RestClient retryingRestClient;

	private final DemoEventLog eventLog;

	private final Map<String, Scenario> scenarios;

	public DemoController(DownstreamClient client, FlakyDownstream downstream, RetryRegistry registry,
			RestClient.Builder builder, RetryingClientHttpRequestInterceptor interceptor, DemoEventLog eventLog) {
		this.client = client;
		this.downstream = downstream;
		this.registry = registry;
		this.eventLog = eventLog;
		this.retryingRestClient = builder.clone().baseUrl(downstream.url()).requestInterceptor(interceptor).build();
		Map<String, Scenario> scenarios = new LinkedHashMap<>();
		scenarios.put("unavailable", new Scenario("/unavailable", "@Retryable (default entry): 503 twice, then 200",
				(run) -> client.fetch(run, "/unavailable")));
		scenarios.put("rate-limited",
				new Scenario("/rate-limited", "@Retryable (default entry): 429 with Retry-After: 1, then 200",
						(run) -> client.fetch(run, "/rate-limited")));
		scenarios.put("interactive", new Scenario("/not-found-then-found",
				"@Retryable(\"interactive\"): 404 once, then 200", client::lookup));
		scenarios.put("async",
				new Scenario("/unavailable", "@Retryable CompletableFuture: 503 twice, then 200, no thread blocked",
						(run) -> join(client.fetchAsync(run))));
		scenarios.put("poll", new Scenario("/job",
				"@Retryable(retryOnResult = StillRunning.class): polls until the job is done", client::jobState));
		scenarios.put("programmatic",
				new Scenario("/slow", "Retrier from the registry ('demo' entry): a read timeout, then 200",
						(run) -> registry.retrier("demo").withLabel("Demo#slow").call(() -> client.get("/slow", run))));
		scenarios.put("drop", new Scenario("/drop", "@Retryable (default entry): the connection drops, then 200",
				(run) -> client.fetch(run, "/drop")));
		scenarios.put("bad-request", new Scenario("/bad-request", "@Retryable (default entry): 400 is not retried",
				(run) -> client.fetch(run, "/bad-request")));
		scenarios.put("no-retry", new Scenario("/down", "NoRetry scope around a @Retryable call: one try only",
				(run) -> NoRetry.call(() -> client.fetch(run, "/down"))));
		scenarios.put("interceptor", new Scenario("/unavailable",
				"RestClient with the retrying interceptor: 503 twice, then 200",
				(run) -> Objects.requireNonNull(
						this.retryingRestClient.get().uri("/unavailable?run={run}", run).retrieve().body(String.class),
						"the downstream answers every request with a body")));
		scenarios.put("budget",
				new Scenario("/down", "@Retryable(\"tight\"): always 503, under a budget of 10 tokens, 5 per retry",
						(run) -> client.fetchRationed(run, "/down")));
		this.scenarios = Map.copyOf(scenarios);
	}

	@GetMapping("/demo")
	public Map<String, String> scenarios() {
		return this.scenarios.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().description(), (a, b) -> a,
					TreeMap::new));
	}

	@GetMapping("/demo/{scenario}")
	public ResponseEntity<?> run(@PathVariable String scenario) {
		Scenario chosen = this.scenarios.get(scenario);
		if (chosen == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "No scenario '" + scenario + "'", "scenarios", scenarios()));
		}
		return ResponseEntity.ok(run(scenario, chosen));
	}

	private DemoResult run(String scenario, Scenario chosen) {
		String run = "run-" + UUID.randomUUID();
		long start = System.nanoTime();
		String outcome;
		String detail;
		DemoEventLog.startRun(run);
		try {
			detail = chosen.call().apply(run);
			outcome = "success";
		}
		catch (Exception ex) {
			Throwable failure = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			outcome = "failure";
			detail = failure.getClass().getSimpleName() + ": " + failure.getMessage();
		}
		finally {
			DemoEventLog.endRun();
		}
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		List<RetryEvent> events = this.eventLog.eventsOf(run);
		List<Long> waits = events.stream()
			.filter((event) -> event.waitTime() != null)
			.map((event) -> event.waitTime().toMillis())
			.toList();
		@Nullable String giveUp = events.stream()
			.filter((event) -> event.reason() != null)
			.map((event) -> event.reason().tag())
			.findFirst()
			.orElse(null);
		int tries = events.stream().mapToInt(RetryEvent::tries).max().orElse(1);
		return new DemoResult(scenario, chosen.description(), outcome, detail,
				this.downstream.requests(chosen.path(), run), tries, waits, giveUp, elapsed);
	}

	private static String join(CompletableFuture<String> future) {
		return future.join();
	}

	/** One scenario: the downstream path it calls, and how. */
	record Scenario(String path, String description, ThrowingFunction call) {
	}

	@FunctionalInterface
	interface ThrowingFunction {

		String apply(String run) throws Exception;

	}

	/**
	 * What a scenario did.
	 *
	 * @param scenario the scenario's name
	 * @param description what it shows
	 * @param outcome {@code success} or {@code failure}
	 * @param detail the result, or the exception the caller got
	 * @param attempts the requests the downstream received
	 * @param tries the tries the engine made (fewer than the requests when the HTTP
	 * client resends by itself, as HttpURLConnection does once for a GET whose connection
	 * dropped)
	 * @param waitsMillis each wait before a retry
	 * @param giveUpReason why retrying ended without success, if it did
	 * @param elapsedMillis the scenario's wall time
	 */
	public record DemoResult(String scenario, String description, String outcome, String detail, int attempts,
			int tries, List<Long> waitsMillis, @Nullable String giveUpReason, long elapsedMillis) {
	}

}
