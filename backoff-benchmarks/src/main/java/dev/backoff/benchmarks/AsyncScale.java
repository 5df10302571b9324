package dev.backoff.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.backoff.core.Jitter;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.Scheduler;
import dev.backoff.core.WaitStrategy;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * 10 000 concurrent asynchronous calls that each fail twice, with 10 ms waits: the wall
 * time against the ideal schedule (two waits, 20 ms) and the threads it took. Every
 * library gets the same one-thread scheduled executor.
 */
final class AsyncScale {

	static final int CALLS = 10_000;

	static final Duration WAIT = Duration.ofMillis(10);

	static final Duration IDEAL = WAIT.multipliedBy(2);

	private static final int RUNS = 7;

	/** Runs of every library made before the counted ones. */
	private static final int WARMUPS = 2;

	/** Scheduler threads, the same for every library. */
	static final int THREADS = Integer.getInteger("async.threads", 1);

	private AsyncScale() {
	}

	/**
	 * Measures every library twice and keeps the second pass, so that none is measured
	 * with a JIT less warm than the others (the JDK's own CompletableFuture and executor
	 * code is shared by all; a first pass in a cold JVM runs its batches several times
	 * slower).
	 */
	static List<Result> run() throws Exception {
		measureAll();
		return measureAll();
	}

	/**
	 * Measures every library in interleaved runs: each run makes one batch of each, in an
	 * order that turns by one library from run to run, after {@link #WARMUPS} such runs
	 * that are not counted. So a burst of the neighbours' load, which lasts seconds,
	 * falls on all of them rather than on the one that happens to be measured then.
	 */
	private static List<Result> measureAll() throws Exception {
		List<Library> libraries = List.of(new Library("backoff (Retrier.callAsync)", (executor) -> {
			Retrier retrier = RetryRegistry.builder()
				.scheduler(Scheduler.of(executor))
				.settings("async",
						RetrySettings.builder()
							.maxTries(3)
							.strategy(WaitStrategy.constant())
							.jitter(Jitter.none())
							.base(WAIT)
							.build())
				.build()
				.retrier("async");
			return (supplier) -> retrier.callAsync(supplier);
		}), new Library("resilience4j (decorateCompletionStage)", (executor) -> {
			Retry retry = Retry.of("async", RetryConfig.custom().maxAttempts(3).waitDuration(WAIT).build());
			return (supplier) -> Retry.decorateCompletionStage(retry, executor, supplier).get();
		}), new Library("failsafe (getStageAsync)", (executor) -> {
			RetryPolicy<Object> policy = RetryPolicy.builder()
				.handle(RuntimeException.class)
				.withMaxRetries(2)
				.withDelay(WAIT)
				.build();
			return (supplier) -> Failsafe.with(policy).with(executor).getStageAsync(supplier::get);
		}), new Library(MINIMAL, (executor) -> (supplier) -> minimal(supplier, executor, 1)));
		List<List<Batch>> batches = new ArrayList<>();
		libraries.forEach((library) -> batches.add(new ArrayList<>()));
		for (int run = -WARMUPS; run < RUNS; run++) {
			for (int turn = 0; turn < libraries.size(); turn++) {
				int index = Math.floorMod(run + turn, libraries.size());
				Batch batch = batch(libraries.get(index));
				if (run >= 0) {
					batches.get(index).add(batch);
				}
			}
		}
		List<Result> results = new ArrayList<>();
		for (int i = 0; i < libraries.size(); i++) {
			results.add(result(libraries.get(i).name(), batches.get(i)));
		}
		return results;
	}

	/**
	 * The least an asynchronous retry can do, written by hand: a try, and on failure a
	 * timer task that makes the next one; no limits but the count, no events. Its batch
	 * time is what this machine takes to start and complete the calls at all, so it is
	 * the reachable floor, where the 20 ms schedule is not.
	 */
	static final String MINIMAL = "minimal (hand-written: a try, then schedule the next)";

	private static CompletableFuture<String> minimal(Supplier<CompletionStage<String>> supplier,
			ScheduledExecutorService executor, int attempt) {
		CompletableFuture<String> result = new CompletableFuture<>();
		supplier.get().whenComplete((value, failure) -> {
			if (failure == null) {
				result.complete(value);
			}
			else if (attempt >= 3) {
				result.completeExceptionally(failure);
			}
			else {
				executor.schedule(() -> minimal(supplier, executor, attempt + 1).whenComplete((next, nextFailure) -> {
					if (nextFailure == null) {
						result.complete(next);
					}
					else {
						result.completeExceptionally(nextFailure);
					}
				}), WAIT.toNanos(), TimeUnit.NANOSECONDS);
			}
		});
		return result;
	}

	/** One batch of {@link #CALLS} calls through {@code library}, on a new executor. */
	private static Batch batch(Library library) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		ScheduledExecutorService executor = Executors.newScheduledThreadPool(THREADS);
		Function<Supplier<CompletionStage<String>>, CompletionStage<String>> retrying = library.setup().apply(executor);
		int before = threads.getThreadCount();
		threads.resetPeakThreadCount();
		List<CompletableFuture<String>> results = new ArrayList<>(CALLS);
		long[] starts = new long[CALLS];
		long[] ends = new long[CALLS];
		long start = System.nanoTime();
		for (int i = 0; i < CALLS; i++) {
			AtomicInteger tries = new AtomicInteger();
			int call = i;
			starts[call] = System.nanoTime();
			CompletableFuture<String> result = retrying.apply(() -> (tries.incrementAndGet() <= 2)
					? CompletableFuture.failedFuture(Target.FAILURE) : CompletableFuture.completedFuture("ok"))
				.toCompletableFuture();
			results.add(result.whenComplete((value, failure) -> ends[call] = System.nanoTime()));
		}
		long started = System.nanoTime() - start;
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		long elapsed = System.nanoTime() - start;
		int added = threads.getPeakThreadCount() - before;
		executor.shutdownNow();
		for (CompletableFuture<String> result : results) {
			if (!"ok".equals(result.join())) {
				throw new IllegalStateException(library.name() + " did not complete every call");
			}
		}
		long[] latencies = new long[CALLS];
		for (int i = 0; i < CALLS; i++) {
			latencies[i] = ends[i] - starts[i];
		}
		Arrays.sort(latencies);
		return new Batch(elapsed / 1e6, started / 1e6, Arrays.stream(latencies).average().orElse(0) / 1e6,
				latencies[CALLS * 99 / 100] / 1e6, added);
	}

	/** A library's result from its counted batches: the medians, and the most threads. */
	private static Result result(String library, List<Batch> batches) {
		double median = median(batches, Batch::millis);
		return new Result(library, median, median / IDEAL.toMillis(), median(batches, Batch::startMillis),
				median(batches, Batch::meanLatencyMillis), median(batches, Batch::p99LatencyMillis),
				batches.stream().mapToInt(Batch::threadsAdded).max().orElse(0));
	}

	private static double median(List<Batch> batches, ToDoubleFunction<Batch> value) {
		double[] values = batches.stream().mapToDouble(value).sorted().toArray();
		return values[values.length / 2];
	}

	/** A library to measure, made anew for each batch on that batch's executor. */
	private record Library(String name,
			Function<ScheduledExecutorService, Function<Supplier<CompletionStage<String>>, CompletionStage<String>>> setup) {
	}

	/**
	 * One batch: its wall time, the caller's start time, the calls' latencies, threads.
	 */
	private record Batch(double millis, double startMillis, double meanLatencyMillis, double p99LatencyMillis,
			int threadsAdded) {
	}

	/**
	 * One library's result: the median wall time of the whole batch, the median of the
	 * runs' mean and 99th-percentile latency of a call (from its own start to its
	 * completion), the median time the caller took to start the 10 000 calls (their first
	 * tries included), and the most threads any run added.
	 */
	record Result(String library, double medianMillis, double ratioToIdeal, double startMillis,
			double meanLatencyMillis, double p99LatencyMillis, int threadsAdded) {
	}

}
