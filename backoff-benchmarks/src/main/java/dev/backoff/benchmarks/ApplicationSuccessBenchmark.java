package dev.backoff.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The success path in the user's shape: {@code int ok(int x)} on a bean of a Spring Boot
 * application whose retrying methods have failed and retried before
 * ({@link Applications}). Variants are {@code shape/bean}; each runs in forks of its own
 * ({@link Rounds}: the warm-up and measurement below are for a plain JMH run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ApplicationSuccessBenchmark extends ApplicationState {

	/** The variant measured: a JMH parameter, set before the trial. */
	@Param({ "app/noop", "app/noop-twin", "app/backoff", "nested/noop", "nested/backoff", "metrics/noop",
			"metrics/backoff", "prod/noop", "prod/noop-twin", "prod/backoff", "prod/tx", "prod/tx-backoff" })
	public String variant;

	@Override
	String variant() {
		return this.variant;
	}

	@Override
	void check(Calls calls) {
		if (calls.ok(41) != 42) {
			throw new IllegalStateException(this.variant + " does not call through");
		}
	}

	@Benchmark
	public int success() {
		return this.calls.ok(this.argument);
	}

}
