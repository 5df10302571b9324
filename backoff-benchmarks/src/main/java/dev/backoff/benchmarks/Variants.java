package dev.backoff.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.BackoffMetricsAutoConfiguration;
import dev.backoff.core.Jitter;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.WaitStrategy;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.core.ContextAwareScheduledThreadPoolExecutor;
import io.github.resilience4j.spring6.fallback.configure.FallbackConfiguration;
import io.github.resilience4j.spring6.retry.configure.RetryConfiguration;
import io.github.resilience4j.spring6.retry.configure.RetryConfigurationProperties;
import io.github.resilience4j.spring6.spelresolver.configure.SpelResolverConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.retry.annotation.EnableRetry;
import org.springframework.retry.backoff.NoBackOffPolicy;
import org.springframework.retry.interceptor.RetryInterceptorBuilder;
import org.springframework.retry.interceptor.RetryOperationsInterceptor;

/**
 * Builds each variant: a {@link Target} and the context (if any) that must stay open
 * while it is used.
 */
final class Variants {

	/** The entry every variant retries under: 4 tries in all, no wait. */
	static final Map<String, Object> BENCH_SETTINGS = Map.of("backoff.settings.bench.max-tries", "4",
			"backoff.settings.bench.strategy", "constant", "backoff.settings.bench.base", "0ms",
			"backoff.settings.bench.jitter", "none");

	private Variants() {
	}

	static Variant create(String name) {
		return switch (name) {
			case "plain" -> new Variant(new Services.Plain(), null);
			case "noop-interceptor" -> proxy((MethodInterceptor) (invocation) -> invocation.proceed());
			case "minimal-retry-interceptor" -> proxy(Variants::minimalRetry);
			case "backoff" -> spring(BackoffConfiguration.class);
			case "backoff-metrics" -> spring(BackoffConfiguration.class, MetricsConfiguration.class);
			case "backoff-budget" ->
				spring(Map.of("backoff.settings.bench.budget.enabled", "true"), BackoffConfiguration.class);
			case "spring-framework-7" -> spring(SpringFrameworkConfiguration.class);
			case "spring-retry" -> spring(SpringRetryConfiguration.class);
			case "resilience4j" -> spring(Resilience4jConfiguration.class);
			case "failsafe" -> failsafe();
			case "backoff-programmatic" -> programmatic();
			default -> throw new IllegalArgumentException("No variant '" + name + "'");
		};
	}

	/**
	 * The least a correct retrying interceptor must do: clone the invocation for each try
	 * (so inner advice runs again) and proceed.
	 */
	static Object minimalRetry(org.aopalliance.intercept.MethodInvocation invocation) throws Throwable {
		ProxyMethodInvocation proxied = (ProxyMethodInvocation) invocation;
		for (int tries = 1;; tries++) {
			try {
				return proxied.invocableClone().proceed();
			}
			catch (RuntimeException ex) {
				if (tries >= 4) {
					throw ex;
				}
			}
		}
	}

	private static Variant proxy(MethodInterceptor interceptor) {
		ProxyFactory factory = new ProxyFactory(new Services.Plain());
		factory.setProxyTargetClass(true);
		factory.addAdvice(interceptor);
		return new Variant((Target) factory.getProxy(), null);
	}

	private static Variant failsafe() {
		RetryPolicy<Object> policy = RetryPolicy.builder().handle(RuntimeException.class).withMaxRetries(3).build();
		FailsafeExecutor<Object> executor = Failsafe.with(policy);
		Target delegate = new Services.Plain();
		Target target = new Target() {

			@Override
			public String ok() {
				return executor.get(delegate::ok);
			}

			@Override
			public String failOnce() {
				return executor.get(delegate::failOnce);
			}

		};
		return new Variant(target, null);
	}

	/**
	 * This library called as Failsafe is, without a proxy: {@code Retrier.call} around
	 * the target's method, with the settings of {@link #BENCH_SETTINGS}.
	 */
	private static Variant programmatic() {
		Retrier retrier = Retrier.of(RetrySettings.builder()
			.maxTries(4)
			.strategy(WaitStrategy.constant())
			.base(Duration.ZERO)
			.jitter(Jitter.none())
			.build());
		Target delegate = new Services.Plain();
		Target target = new Target() {

			@Override
			public String ok() {
				return call(retrier, delegate::ok);
			}

			@Override
			public String failOnce() {
				return call(retrier, delegate::failOnce);
			}

		};
		return new Variant(target, null);
	}

	/** {@code Retrier.call}, its failures unchecked as the target's are. */
	private static String call(Retrier retrier, Callable<String> callable) {
		try {
			return retrier.call(callable);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Variant spring(Class<?>... configurations) {
		return spring(Map.of(), configurations);
	}

	private static Variant spring(Map<String, Object> extra, Class<?>... configurations) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		Map<String, Object> properties = new java.util.HashMap<>(extra);
		properties.putAll(BENCH_SETTINGS);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bench", properties));
		context.register(configurations);
		context.refresh();
		return new Variant(context.getBean(Target.class), context);
	}

	/** A target and what must be closed after use. */
	record Variant(Target target, ConfigurableApplicationContext context) implements AutoCloseable {

		@Override
		public void close() {
			if (this.context != null) {
				this.context.close();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ BackoffMetricsAutoConfiguration.class, BackoffAutoConfiguration.class })
	static class BackoffConfiguration {

		@Bean
		Services.BackoffStarter target() {
			return new Services.BackoffStarter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MetricsConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods(proxyTargetClass = true)
	static class SpringFrameworkConfiguration {

		@Bean
		Services.SpringFramework target() {
			return new Services.SpringFramework();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRetry(proxyTargetClass = true)
	static class SpringRetryConfiguration {

		@Bean
		RetryOperationsInterceptor noBackOffRetryInterceptor() {
			return RetryInterceptorBuilder.stateless().maxAttempts(4).backOffPolicy(new NoBackOffPolicy()).build();
		}

		@Bean
		Services.SpringRetry target() {
			return new Services.SpringRetry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAspectJAutoProxy(proxyTargetClass = true)
	@Import({ RetryConfiguration.class, FallbackConfiguration.class, SpelResolverConfiguration.class })
	static class Resilience4jConfiguration {

		@Bean
		RetryConfigurationProperties retryConfigurationProperties() {
			RetryConfigurationProperties properties = new RetryConfigurationProperties();
			properties.getInstances()
				.put("bench", new RetryConfigurationProperties.InstanceProperties().setMaxAttempts(4)
					.setWaitDuration(Duration.ZERO));
			return properties;
		}

		@Bean
		ContextAwareScheduledThreadPoolExecutor resilience4jScheduler() {
			return ContextAwareScheduledThreadPoolExecutor.newScheduledThreadPool().corePoolSize(1).build();
		}

		@Bean
		Services.Resilience4j target() {
			return new Services.Resilience4j();
		}

	}

}
