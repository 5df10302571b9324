package dev.backoff.benchmarks;

import java.util.Arrays;
import java.util.Map;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.resilience.annotation.EnableResilientMethods;

/**
 * Start-up of a context with 1 000 {@code @Retryable} beans, with and without the starter's
 * auto-configuration; the median of several refreshes after warming up.
 */
final class Startup {

	static final int BEANS = 1_000;

	private static final int RUNS = 11;

	private Startup() {
	}

	/**
	 * Medians in milliseconds: the beans without any retry support, with this starter, and
	 * (for reference: the cost of proxying 1 000 beans) with Spring Framework 7's own
	 * {@code @Retryable}.
	 */
	record Result(double withoutMillis, double withMillis, double springFrameworkMillis, double ratio) {
	}

	private enum Setup {

		WITHOUT, STARTER, SPRING_FRAMEWORK

	}

	static Result run() {
		for (int i = 0; i < 5; i++) {
			for (Setup setup : Setup.values()) {
				refresh(setup);
			}
		}
		double[][] times = new double[Setup.values().length][RUNS];
		for (int i = 0; i < RUNS; i++) {
			for (Setup setup : Setup.values()) {
				times[setup.ordinal()][i] = refresh(setup);
			}
		}
		double[] medians = new double[times.length];
		for (int i = 0; i < times.length; i++) {
			Arrays.sort(times[i]);
			medians[i] = times[i][RUNS / 2];
		}
		return new Result(medians[0], medians[1], medians[2], medians[1] / medians[0]);
	}

	private static double refresh(Setup setup) {
		long start = System.nanoTime();
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("bench", Map.of("backoff.settings.bench.max-tries", "4")));
			Class<?> beanClass = (setup == Setup.SPRING_FRAMEWORK) ? SpringService.class : Service.class;
			if (setup == Setup.STARTER) {
				context.register(WithStarter.class);
			}
			if (setup == Setup.SPRING_FRAMEWORK) {
				context.register(WithSpringFramework.class);
			}
			for (int i = 0; i < BEANS; i++) {
				context.registerBean("service" + i, beanClass);
			}
			context.refresh();
			boolean proxied = context.getBean("service0") instanceof org.springframework.aop.framework.Advised;
			if (proxied != (setup != Setup.WITHOUT)) {
				throw new IllegalStateException(setup + ": the beans were " + (proxied ? "" : "not ") + "proxied");
			}
		}
		return (System.nanoTime() - start) / 1e6;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(BackoffAutoConfiguration.class)
	static class WithStarter {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods(proxyTargetClass = true)
	static class WithSpringFramework {

	}

	/** The same bean for Spring Framework 7's annotation. */
	public static class SpringService {

		@org.springframework.resilience.annotation.Retryable(maxRetries = 3)
		public String call() {
			return "ok";
		}

	}

	/** A bean with one retried method. */
	public static class Service {

		@Retryable("bench")
		public String call() {
			return "ok";
		}

	}

}
