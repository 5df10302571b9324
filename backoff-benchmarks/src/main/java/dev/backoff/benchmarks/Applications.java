package dev.backoff.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.backoff.actuate.RecentRetryEvents;
import dev.backoff.benchmarks.ApplicationServices.MinimalRetry;
import dev.backoff.benchmarks.ApplicationServices.NoopAdvised;
import dev.backoff.micrometer.MicrometerRetryListener;
import dev.backoff.micrometer.ObservationRetryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The applications of the user-shape benchmarks: each started by
 * {@code SpringApplication} with auto-configuration (no web server, no banner), its beans
 * on CGLIB proxies, and the retrying methods made to fail and retry some thousands of
 * times before anything is measured, as in an application whose calls fail now and then.
 */
final class Applications {

	/** How often each bean's methods are called before measuring. */
	static final int CALLS_BEFORE_MEASURING = 20_000;

	private Applications() {
	}

	/** The kinds of application. */
	enum Shape {

		/**
		 * The starter alone: actuator's, health's and Micrometer's auto-configurations
		 * excluded, so no MeterRegistry.
		 */
		APP("app", Plain.class, Map.of(),
				(name) -> name.startsWith("org.springframework.boot.actuate.")
						|| name.startsWith("org.springframework.boot.health.")
						|| name.startsWith("org.springframework.boot.micrometer.")),

		/**
		 * As {@link #APP} with {@code backoff.nested: allow}: no guard against stacked
		 * retries, so no thread-local scope around each try.
		 */
		NESTED_ALLOW("nested", Plain.class, Map.of("backoff.nested", "allow"), APP.excluded),

		/**
		 * As {@link #APP} with Boot's Micrometer metrics: its SimpleMeterRegistry
		 * (Prometheus export excluded).
		 */
		METRICS("metrics", Plain.class, Map.of(),
				(name) -> name.startsWith("org.springframework.boot.actuate.")
						|| name.startsWith("org.springframework.boot.health.")
						|| name.startsWith("org.springframework.boot.micrometer.observation.")
						|| name.startsWith(
								"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.")),

		/**
		 * Production-like: every auto-configuration on the classpath, actuator with every
		 * endpoint exposed and unrestricted (so the recent-events ring is kept), the
		 * Prometheus registry, Boot's observation registry, and transactions.
		 */
		PRODUCTION("prod", Production.class, Map.of("management.endpoints.web.exposure.include", "*",
				"management.endpoints.access.default", "unrestricted"), (name) -> false);

		final String label;

		private final Class<?> configuration;

		private final Map<String, Object> properties;

		private final Predicate<String> excluded;

		Shape(String label, Class<?> configuration, Map<String, Object> properties, Predicate<String> excluded) {
			this.label = label;
			this.configuration = configuration;
			this.properties = properties;
			this.excluded = excluded;
		}

		static Shape of(String label) {
			for (Shape shape : values()) {
				if (shape.label.equals(label)) {
					return shape;
				}
			}
			throw new IllegalArgumentException("No application shape '" + label + "'");
		}

	}

	/**
	 * Starts the application of {@code shape}, checks it is what its shape says, and
	 * calls every bean's methods, the failing ones included,
	 * {@link #CALLS_BEFORE_MEASURING} times.
	 * @param shape the kind of application
	 * @return the running application
	 */
	static Running start(Shape shape) {
		SpringApplication application = new SpringApplication(shape.configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setRegisterShutdownHook(false);
		Map<String, Object> properties = new HashMap<>(Variants.BENCH_SETTINGS);
		properties.putAll(shape.properties);
		properties.put("logging.level.dev.backoff", "WARN");
		List<String> excluded = ImportCandidates.load(AutoConfiguration.class, Applications.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter(shape.excluded)
			.toList();
		properties.put("spring.autoconfigure.exclude", String.join(",", excluded));
		application.setDefaultProperties(properties);
		Running running = new Running(shape, application.run());
		running.check();
		running.callNowAndThenFailing();
		return running;
	}

	/** A started application and its beans, by name. */
	record Running(Shape shape, ConfigurableApplicationContext context) implements AutoCloseable {

		/**
		 * Returns the bean that {@code name} names: noop, minimal, backoff, tx,
		 * tx-backoff.
		 */
		Calls bean(String name) {
			return this.context.getBean(name, Calls.class);
		}

		private Map<String, Calls> beans() {
			Map<String, Calls> beans = new LinkedHashMap<>();
			for (String name : List.of("noop", "noop-twin", "minimal", "backoff", "tx", "tx-backoff")) {
				if (this.context.containsBean(name)) {
					beans.put(name, bean(name));
				}
			}
			return beans;
		}

		/** Fails the fork if the application is not what its shape says. */
		private void check() {
			beans().forEach((name, bean) -> {
				if (!AopUtils.isCglibProxy(bean) || bean.ok(41) != 42) {
					throw new IllegalStateException(
							name + " in " + this.shape.label + " is not a CGLIB proxy that calls through");
				}
			});
			boolean metrics = this.shape != Shape.APP && this.shape != Shape.NESTED_ALLOW;
			boolean production = this.shape == Shape.PRODUCTION;
			expect(MeterRegistry.class, metrics);
			expect(MicrometerRetryListener.class, metrics);
			expect(SimpleMeterRegistry.class, this.shape == Shape.METRICS);
			expect(PrometheusMeterRegistry.class, production);
			expect(ObservationRegistry.class, production);
			expect(ObservationRetryListener.class, production);
			expect(RecentRetryEvents.class, production);
			if (production) {
				checkTransactions();
			}
		}

		private void expect(Class<?> type, boolean present) {
			if (this.context.getBeanNamesForType(type).length > 0 != present) {
				throw new IllegalStateException(
						this.shape.label + " should " + (present ? "" : "not ") + "have a " + type.getSimpleName());
			}
		}

		/** Each try of the retried transactional bean runs in its own transaction. */
		private void checkTransactions() {
			Calls both = bean("tx-backoff");
			Advisor[] advisors = (both instanceof Advised advised) ? advised.getAdvisors() : new Advisor[0];
			// one retry advisor per annotated method, before the transaction's
			boolean retryFirst = advisors.length == 3
					&& advisors[0].getAdvice().getClass().getName().startsWith("dev.backoff.")
					&& advisors[1].getAdvice().getClass().getName().startsWith("dev.backoff.");
			if (!retryFirst || !(advisors[2].getAdvice() instanceof TransactionInterceptor)) {
				throw new IllegalStateException(
						"tx-backoff is not the transaction's proxy with the retry advised first");
			}
			CountingTransactionManager transactions = this.context.getBean(CountingTransactionManager.class);
			long commits = transactions.commits;
			long rollbacks = transactions.rollbacks;
			if (both.fails(41) != 42 || transactions.commits != commits + 1
					|| transactions.rollbacks != rollbacks + 1) {
				throw new IllegalStateException("tx-backoff does not run each try in a transaction of its own");
			}
		}

		/**
		 * Calls every bean, the retrying beans' failing method included, as an
		 * application does.
		 */
		private void callNowAndThenFailing() {
			Map<String, Calls> beans = beans();
			int sum = 0;
			for (int i = 0; i < CALLS_BEFORE_MEASURING; i++) {
				for (Map.Entry<String, Calls> bean : beans.entrySet()) {
					sum += bean.getValue().ok(i);
					if (!bean.getKey().startsWith("noop") && !bean.getKey().equals("tx")) {
						sum += bean.getValue().fails(i);
					}
				}
			}
			if (sum == 42) {
				throw new IllegalStateException("unreachable: keeps the calls from being optimised away");
			}
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/**
	 * The beans and advisors of every shape. The advisors are static infrastructure
	 * beans, as Spring's own are: the auto-proxy creator asks for them while the meter
	 * registry's post processor is made, before this configuration could be.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor noopAdvisor() {
			return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoopAdvised.class),
					(MethodInterceptor) MethodInvocation::proceed);
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor minimalRetryAdvisor() {
			return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(MinimalRetry.class),
					(MethodInterceptor) Variants::minimalRetry);
		}

		@Bean
		ApplicationServices.Noop noop() {
			return new ApplicationServices.Noop();
		}

		@Bean("noop-twin")
		ApplicationServices.NoopTwin noopTwin() {
			return new ApplicationServices.NoopTwin();
		}

		@Bean
		ApplicationServices.Minimal minimal() {
			return new ApplicationServices.Minimal();
		}

		@Bean
		ApplicationServices.Backoff backoff() {
			return new ApplicationServices.Backoff();
		}

	}

	/** The application of {@link Shape#APP} and {@link Shape#METRICS}. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Beans.class)
	static class Plain {

	}

	/**
	 * The application of {@link Shape#PRODUCTION}: also a transactional bean, retried and
	 * not.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableTransactionManagement(proxyTargetClass = true)
	@Import(Beans.class)
	static class Production {

		@Bean
		CountingTransactionManager transactionManager() {
			return new CountingTransactionManager();
		}

		@Bean("tx")
		ApplicationServices.TransactionalOnly transactional() {
			return new ApplicationServices.TransactionalOnly();
		}

		@Bean("tx-backoff")
		ApplicationServices.TransactionalBackoff transactionalBackoff() {
			return new ApplicationServices.TransactionalBackoff();
		}

	}

	/**
	 * A transaction manager with no resource: what a transaction costs in Spring's
	 * machinery alone (status, synchronisation, commit or rollback), counted for the
	 * set-up's check.
	 */
	static final class CountingTransactionManager extends AbstractPlatformTransactionManager {

		private static final long serialVersionUID = 1L;

		long commits;

		long rollbacks;

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.commits++;
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.rollbacks++;
		}

	}

}
