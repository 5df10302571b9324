package dev.backoff.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The success path: the cost of one call that returns at once, through each variant. Each
 * variant runs in its own fork, so every call site sees one implementation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SuccessBenchmark {

	@Param({ "plain", "noop-interceptor", "minimal-retry-interceptor", "backoff", "backoff-metrics",
			"spring-framework-7", "spring-retry", "resilience4j", "failsafe" })
	public String variant;

	private Variants.Variant created;

	private Target target;

	@Setup(Level.Trial)
	public void setUp() {
		this.created = Variants.create(this.variant);
		this.target = this.created.target();
		if (!"ok".equals(this.target.ok())) {
			throw new IllegalStateException(this.variant + " does not call through");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.created.close();
	}

	@Benchmark
	public String success() {
		return this.target.ok();
	}

}
