package dev.backoff.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.backoff.annotation.Retryable;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.metrics.StartupStep;
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
		return new Result(medians[0], medians[1], medians[2], medians[1] / medians[0], breakdown());
	}

	/**
	 * Where the starter's start-up time goes: each start recorded by Spring's
	 * {@link BufferingApplicationStartup}, every step's self time (its duration less its
	 * sub-steps') summed by what it is, the median over starts, with and without the
	 * starter. Recording costs time of its own, so these starts are not the timed ones.
	 */
	private static List<Step> breakdown() {
		List<Map<String, Double>> with = new ArrayList<>();
		List<Map<String, Double>> without = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			without.add(selfTimes(Setup.WITHOUT));
			with.add(selfTimes(Setup.STARTER));
		}
		Map<String, Step> steps = new HashMap<>();
		for (Map<String, Double> run : with) {
			run.keySet().forEach((name) -> steps.put(name, new Step(name, median(with, name), median(without, name))));
		}
		for (Map<String, Double> run : without) {
			run.keySet()
				.forEach((name) -> steps.putIfAbsent(name, new Step(name, median(with, name), median(without, name))));
		}
		List<Step> sorted = new ArrayList<>(steps.values());
		sorted.sort(Comparator.comparingDouble((Step step) -> -Math.abs(step.difference())));
		return sorted;
	}

	private static double median(List<Map<String, Double>> runs, String name) {
		double[] values = runs.stream().mapToDouble((run) -> run.getOrDefault(name, 0.0)).sorted().toArray();
		return values[values.length / 2];
	}

	/** One start's step self times in milliseconds, by what the step is. */
	private static Map<String, Double> selfTimes(Setup setup) {
		BufferingApplicationStartup recording = new BufferingApplicationStartup(100_000);
		start(setup, recording);
		List<StartupTimeline.TimelineEvent> events = recording.getBufferedTimeline().getEvents();
		Map<Long, Double> inSubSteps = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				inSubSteps.merge(parent, millis(event), Double::sum);
			}
		}
		Map<String, Double> byName = new HashMap<>();
		for (StartupTimeline.TimelineEvent event : events) {
			StartupStep step = event.getStartupStep();
			byName.merge(stepName(step), millis(event) - inSubSteps.getOrDefault(step.getId(), 0.0), Double::sum);
		}
		return byName;
	}

	private static double millis(StartupTimeline.TimelineEvent event) {
		return event.getDuration().toNanos() / 1e6;
	}

	/**
	 * A step's name with the bean it makes, if any; the benchmark's 1 000 beans count as
	 * one.
	 */
	private static String stepName(StartupStep step) {
		for (StartupStep.Tag tag : step.getTags()) {
			if (tag.getKey().equals("beanName")) {
				String bean = tag.getValue().startsWith("service") ? "the " + BEANS + " beans" : tag.getValue();
				return step.getName() + " " + bean;
			}
		}
		return step.getName();
	}

	/**
	 * The starter's auto-configurations, which the runs without it exclude: every one its
	 * jar registers.
	 */
	private static final String OURS = ImportCandidates.load(AutoConfiguration.class, Startup.class.getClassLoader())
		.getCandidates()
		.stream()
		.filter((name) -> name.startsWith("dev.backoff."))
		.collect(Collectors.joining(","));

	/**
	 * Starts and stops a Spring Boot application (no web server) with the beans, the way
	 * users run it: the starter's auto-configurations are on the classpath and excluded
	 * for the runs without it.
	 */
	private static double refresh(Setup setup) {
		return start(setup, null);
	}

	private static double start(Setup setup, @Nullable BufferingApplicationStartup recording) {
		Class<?> beanClass = (setup == Setup.SPRING_FRAMEWORK) ? SpringService.class : Service.class;
		SpringApplication application = new SpringApplication(
				(setup == Setup.SPRING_FRAMEWORK) ? WithSpringFramework.class : Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		if (recording != null) {
			application.setApplicationStartup(recording);
		}
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
	record Result(double withoutMillis, double withMillis, double springFrameworkMillis, double ratio,
			List<Step> steps) {
	}

	/**
	 * One kind of start-up step: its self time in milliseconds, median over starts, with
	 * and without the starter.
	 */
	record Step(String name, double withMillis, double withoutMillis) {

		double difference() {
			return this.withMillis - this.withoutMillis;
		}

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
