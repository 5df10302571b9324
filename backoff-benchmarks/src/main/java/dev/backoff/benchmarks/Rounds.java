package dev.backoff.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a call benchmark's variants side by side in a way this machine's noise cannot
 * tilt: rounds of one fork per variant, the variants interleaved so that a slow minute
 * falls on all of them, each fork measured in many short iterations of which the fastest
 * counts, and each variant's ratio to the baseline taken within a round, then the median
 * over rounds.
 * <p>
 * Why: the machine is a 2-vCPU virtual machine whose neighbours take its cores'
 * throughput in bursts of a few seconds (iterations of one fork go from 720 to 1 390 ns
 * and back). Such interference only ever adds time, so a fork's fastest 100 ms iteration
 * is its cost, and the median of the per-round ratios discards a round that was slow
 * throughout.
 */
final class Rounds {

	static final int ROUNDS = 6;

	static final int WARMUP_ITERATIONS = 5;

	static final int WARMUP_MILLIS = 300;

	static final int ITERATIONS = 30;

	static final int ITERATION_MILLIS = 100;

	/** The rounds and iterations of the library-against-library tables. */
	static final Plan FULL = new Plan(ROUNDS, WARMUP_ITERATIONS, WARMUP_MILLIS, ITERATIONS, ITERATION_MILLIS);

	private Rounds() {
	}

	/**
	 * Runs every variant of {@code benchmark} (its {@code variant} parameter's values, in
	 * their order) in {@link #ROUNDS} rounds.
	 * @param benchmark the JMH benchmark class
	 * @param baseline the variant the ratios are to
	 * @return the rows, in the parameter's order
	 */
	static Map<String, Row> run(Class<?> benchmark, String baseline) throws RunnerException {
		return run(benchmark, FULL, (variant) -> baseline);
	}

	/**
	 * Runs every variant of {@code benchmark} in the plan's rounds; each variant's ratio
	 * is to its own baseline, in the same round.
	 * @param benchmark the JMH benchmark class
	 * @param plan the rounds and iterations
	 * @param baselineOf the baseline of each variant (one of the variants)
	 * @return the rows, in the parameter's order
	 */
	static Map<String, Row> run(Class<?> benchmark, Plan plan, UnaryOperator<String> baselineOf)
			throws RunnerException {
		List<String> variants = variants(benchmark);
		Map<String, List<Double>> best = new LinkedHashMap<>();
		Map<String, List<Double>> bytes = new LinkedHashMap<>();
		for (int round = 0; round < plan.rounds(); round++) {
			for (String variant : variants) {
				BenchmarkResult fork = fork(benchmark, variant, plan);
				best.computeIfAbsent(variant, (k) -> new ArrayList<>()).add(fastest(fork));
				Result<?> allocation = fork.getSecondaryResults().get("gc.alloc.rate.norm");
				bytes.computeIfAbsent(variant, (k) -> new ArrayList<>())
					.add((allocation != null) ? allocation.getScore() : Double.NaN);
			}
		}
		Map<String, Row> rows = new LinkedHashMap<>();
		for (String variant : variants) {
			List<Double> scores = best.get(variant);
			List<Double> base = best.get(baselineOf.apply(variant));
			double[] ratios = new double[plan.rounds()];
			for (int round = 0; round < plan.rounds(); round++) {
				ratios[round] = scores.get(round) / base.get(round);
			}
			Arrays.sort(ratios);
			rows.put(variant, new Row(median(scores), median(ratios), ratios[0], ratios[ratios.length - 1],
					median(bytes.get(variant))));
		}
		return rows;
	}

	private static BenchmarkResult fork(Class<?> benchmark, String variant, Plan plan) throws RunnerException {
		Options options = new OptionsBuilder().include(benchmark.getName() + "\\.")
			.param("variant", variant)
			.forks(1)
			.warmupIterations(plan.warmupIterations())
			.warmupTime(TimeValue.milliseconds(plan.warmupMillis()))
			.measurementIterations(plan.iterations())
			.measurementTime(TimeValue.milliseconds(plan.iterationMillis()))
			.addProfiler(GCProfiler.class)
			.build();
		RunResult result = new Runner(options).runSingle();
		return result.getBenchmarkResults().iterator().next();
	}

	private static double fastest(BenchmarkResult fork) {
		double fastest = Double.MAX_VALUE;
		for (IterationResult iteration : fork.getIterationResults()) {
			fastest = Math.min(fastest, iteration.getPrimaryResult().getScore());
		}
		return fastest;
	}

	private static List<String> variants(Class<?> benchmark) {
		try {
			return List.of(benchmark.getField("variant").getAnnotation(Param.class).value());
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalArgumentException(benchmark.getName() + " has no 'variant' parameter", ex);
		}
	}

	private static double median(List<Double> values) {
		return median(values.stream().mapToDouble(Double::doubleValue).toArray());
	}

	private static double median(double[] sorted) {
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * How many rounds, and the iterations of each fork.
	 *
	 * @param rounds the rounds of one fork per variant
	 * @param warmupIterations the warm-up iterations of a fork
	 * @param warmupMillis the length of one warm-up iteration
	 * @param iterations the measured iterations of a fork
	 * @param iterationMillis the length of one measured iteration
	 */
	record Plan(int rounds, int warmupIterations, int warmupMillis, int iterations, int iterationMillis) {

		/** Describes the plan as the tables say it. */
		String describe() {
			return String.format(Locale.ROOT,
					"%d rounds of one fork per variant, variants interleaved; each fork "
							+ "%d x %d ms warm-up, %d x %d ms measurement",
					this.rounds, this.warmupIterations, this.warmupMillis, this.iterations, this.iterationMillis);
		}

	}

	/**
	 * One variant's numbers.
	 *
	 * @param nanos the median over rounds of the fork's fastest iteration
	 * @param ratio the median over rounds of the variant's ratio to the baseline in that
	 * round
	 * @param lowest the lowest of those ratios
	 * @param highest the highest of those ratios
	 * @param bytes the allocation per call (the median over rounds; it does not vary)
	 */
	record Row(double nanos, double ratio, double lowest, double highest, double bytes) {
	}

}
