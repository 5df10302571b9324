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
 * The success path: the cost of one call that returns at once, through each variant. Each
 * variant runs in forks of its own, so every call site sees one implementation
 * ({@link Rounds}: the warm-up and measurement below are for a plain JMH run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SuccessBenchmark extends VariantState {

	/** The variant measured: a JMH parameter, set before the trial. */
	@Param({ "plain", "noop-interceptor", "minimal-retry-interceptor", "backoff", "backoff-metrics", "backoff-budget",
			"spring-framework-7", "spring-retry", "resilience4j", "failsafe", "backoff-programmatic" })
	public String variant;

	@Override
	String variant() {
		return this.variant;
	}

	@Override
	void check(Target target) {
		if (!"ok".equals(target.ok())) {
			throw new IllegalStateException(this.variant + " does not call through");
		}
	}

	@Benchmark
	public String success() {
		return this.target.ok();
	}

}
