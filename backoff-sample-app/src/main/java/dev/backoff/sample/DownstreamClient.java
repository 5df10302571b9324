package dev.backoff.sample;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import dev.backoff.annotation.Retryable;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls the flaky downstream over real HTTP with {@link RestClient}; each way of retrying
 * the starter offers is shown on one method. RestClient throws Spring's HTTP exceptions
 * for 4xx and 5xx, so the per-status rules of the settings entry apply.
 */
@Component
public class DownstreamClient {

	private final RestClient restClient;

	private final Executor executor;

	public DownstreamClient(RestClient.Builder builder, FlakyDownstream downstream, Executor applicationTaskExecutor) {
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(Duration.ofSeconds(1));
		requestFactory.setReadTimeout(Duration.ofMillis(300));
		this.restClient = builder.baseUrl(downstream.url()).requestFactory(requestFactory).build();
		this.executor = applicationTaskExecutor;
	}

	/** For a person waiting on a screen: the short {@code interactive} entry. */
	@Retryable("interactive")
	public String lookup(String run) {
		return get("/not-found-then-found", run);
	}

	/** The {@code default} entry: the Orion client's numbers. */
	@Retryable
	public String fetch(String run, String path) {
		return get(path, run);
	}

	/** A {@code CompletableFuture}: retried without blocking a thread while waiting. */
	@Retryable
	public CompletableFuture<String> fetchAsync(String run) {
		return CompletableFuture.supplyAsync(() -> get("/unavailable", run), this.executor);
	}

	/**
	 * Under the small "tight" budget: retries stop when its tokens run out (reason
	 * budget).
	 */
	@Retryable("tight")
	public String fetchRationed(String run, String path) {
		return get(path, run);
	}

	/** Polls a job until it is done (Python backoff's {@code on_predicate}). */
	@Retryable(value = "polling", retryOnResult = StillRunning.class)
	public String jobState(String run) {
		return get("/job", run);
	}

	/** Plain call, no retrying here: used by the programmatic and no-retry scenarios. */
	public String get(String path, String run) {
		return Objects.requireNonNull(this.restClient.get().uri(path + "?run={run}", run).retrieve().body(String.class),
				"the downstream answers every request with a body");
	}

	/** Asks for another try while the job is still running. */
	public static class StillRunning implements Predicate<String> {

		@Override
		public boolean test(String state) {
			return "running".equals(state);
		}

	}

}
