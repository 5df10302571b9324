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
 * One failure, then success, with the smallest wait each library allows (zero for all of
 * them): the cost of the retry machinery itself. Each variant runs in forks of its own
 * ({@link Rounds}: the warm-up and measurement below are for a plain JMH run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OneFailureBenchmark extends VariantState {

	/** The variant measured: a JMH parameter, set before the trial. */
	@Param({ "minimal-retry-interceptor", "backoff", "backoff-metrics", "spring-framework-7", "spring-retry",
			"resilience4j", "failsafe", "backoff-programmatic" })
	public String variant;

	@Override
	String variant() {
		return this.variant;
	}

	@Override
	void check(Target target) {
		if (!"ok".equals(target.ok()) || !"ok".equals(target.failOnce())) {
			throw new IllegalStateException(this.variant + " does not retry as configured");
		}
	}

	@Benchmark
	public String oneFailure() {
		return this.target.failOnce();
	}

}
