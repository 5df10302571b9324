package dev.backoff.benchmarks;

import java.util.Arrays;
import java.util.Map;

import dev.backoff.annotation.Retryable;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.resilience.annotation.EnableResilientMethods;

/**
 * Start-up of a Spring Boot application with 1 000 {@code @Retryable} beans, with and
 * without the starter's auto-configurations; the median of several starts after warming
 * up.
 */
final class Startup {

	static final int BEANS = 1_000;

	private static final int RUNS = 11;

	private Startup() {
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

	/** The starter's auto-configurations, which the runs without it exclude. */
	private static final String OURS = String.join(",", "dev.backoff.autoconfigure.BackoffAutoConfiguration",
			"dev.backoff.autoconfigure.BackoffEndpointAutoConfiguration",
			"dev.backoff.autoconfigure.BackoffHttpAutoConfiguration",
			"dev.backoff.autoconfigure.BackoffMetricsAutoConfiguration");

	/**
	 * Starts and stops a Spring Boot application (no web server) with the beans, the way
	 * users run it: the starter's auto-configurations are on the classpath and excluded
	 * for the runs without it.
	 */
	private static double refresh(Setup setup) {
		Class<?> beanClass = (setup == Setup.SPRING_FRAMEWORK) ? SpringService.class : Service.class;
		SpringApplication application = new SpringApplication(
				(setup == Setup.SPRING_FRAMEWORK) ? WithSpringFramework.class : Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		application.setDefaultProperties(Map.of("backoff.settings.bench.max-tries", "4", "spring.autoconfigure.exclude",
				(setup == Setup.STARTER) ? "" : OURS));
		application.addInitializers((context) -> {
			for (int i = 0; i < BEANS; i++) {
				((GenericApplicationContext) context).registerBean("service" + i, beanClass);
			}
		});
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = application.run()) {
			boolean proxied = context.getBean("service0") instanceof org.springframework.aop.framework.Advised;
			if (proxied != (setup != Setup.WITHOUT)) {
				throw new IllegalStateException(setup + ": the beans were " + (proxied ? "" : "not ") + "proxied");
			}
		}
		return (System.nanoTime() - start) / 1e6;
	}

	/**
	 * Medians in milliseconds: the beans without any retry support, with this starter,
	 * and (for reference: the cost of proxying 1 000 beans) with Spring Framework 7's own
	 * {@code @Retryable}.
	 */
	record Result(double withoutMillis, double withMillis, double springFrameworkMillis, double ratio) {
	}

	private enum Setup {

		WITHOUT, STARTER, SPRING_FRAMEWORK

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
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
