package dev.backoff.interceptor;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.autoconfigure.RetryRegistryCustomizer;
import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.test.FakeTime;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * How {@code @Retryable} is applied: every annotated method is checked when its bean is
 * created, whatever its visibility, and one the proxy could never intercept stops
 * start-up.
 */
class RetryableProxyingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class);

	private final Flaky target = new Flaky();

	@Test
	void aPackagePrivateMethodNamingAMissingEntryFailsAtStartUp() {
		this.runner.withBean(PackagePrivate.class)
			.run((context) -> assertThat(report(context)).startsWith(
					"Invalid retry configuration:\n- @Retryable on PackagePrivate#fetch names settings 'nope', which do not exist"));
	}

	@Test
	void aFinalMethodFailsAtStartUpInsteadOfSilentlyNotRetrying() {
		this.runner.withBean(FinalMethod.class)
			.run((context) -> assertThat(report(context)).isEqualTo("Invalid retry configuration:\n"
					+ "- @Retryable on FinalMethod#fetch cannot take effect: it is final, and a class-based (CGLIB) proxy "
					+ "cannot override it"));
	}

	@Test
	void aPrivateMethodFailsAtStartUp() {
		this.runner.withBean(PrivateMethod.class)
			.run((context) -> assertThat(report(context)).contains(
					"@Retryable on PrivateMethod#fetch cannot take effect: it is private, and proxies cannot intercept private methods"));
	}

	@Test
	void withInterfaceProxiesAMethodNoInterfaceDeclaresFailsAtStartUp() {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean(Client.class, StringClient::new)
			.withBean(NotOnTheInterface.class)
			.run((context) -> assertThat(report(context)).contains("@Retryable on NotOnTheInterface#extra cannot take "
					+ "effect: the bean is proxied through its interfaces (JDK proxy), and no interface declares this method"));
	}

	@Test
	void aCompletableFutureMethodCalledThroughAGenericInterfaceIsRetriedAsynchronouslyWithEitherProxy() {
		for (String proxyTargetClass : new String[] { "true", "false" }) {
			this.runner.withPropertyValues("spring.aop.proxy-target-class=" + proxyTargetClass)
				.withBean(Client.class, StringClient::new)
				.run((context) -> {
					@SuppressWarnings("unchecked")
					Client<CompletableFuture<String>> client = context.getBean(Client.class);
					assertThat(AopUtils.isJdkDynamicProxy(client)).isEqualTo(proxyTargetClass.equals("false"));
					CompletableFuture<String> result = client.fetch();
					assertThat(result).isCompletedExceptionally();
					assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
						.withCauseInstanceOf(IOException.class);
					assertThat(((StringClient) AopProxyUtils.getSingletonTarget(client)).calls).as(proxyTargetClass)
						.hasValue(11);
				});
		}
	}

	@Test
	void anAnnotatedDefaultMethodTheBeanClassDoesNotOverrideIsRetriedWithEitherProxy() {
		for (String proxyTargetClass : new String[] { "true", "false" }) {
			this.runner.withPropertyValues("spring.aop.proxy-target-class=" + proxyTargetClass)
				.withBean(Defaulted.class, InheritsTheDefault::new)
				.run((context) -> {
					Defaulted bean = context.getBean(Defaulted.class);
					assertThat(AopUtils.isAopProxy(bean)).as(proxyTargetClass).isTrue();
					assertThatExceptionOfType(IOException.class).isThrownBy(bean::fetch);
					assertThat(((InheritsTheDefault) AopProxyUtils.getSingletonTarget(bean)).calls).as(proxyTargetClass)
						.hasValue(11);
				});
		}
	}

	@Test
	void aFailureCarriesTwoFramesOfTheStarterInItsStackTrace() {
		this.runner.withBean(OneTry.class).run((context) -> {
			Throwable failure = catchThrowable(() -> context.getBean(OneTry.class).fetch());
			assertThat(failure).isInstanceOf(IOException.class);
			// each frame is filled in for every failure: the driver and the try add none
			assertThat(Stream.of(failure.getStackTrace())
				.filter((frame) -> frame.getClassName().startsWith("dev.backoff.")
						&& !frame.getClassName().contains("Tests"))
				.map((frame) -> frame.getClassName() + "." + frame.getMethodName()))
				.containsExactly("dev.backoff.core.Retrier.execute", "dev.backoff.interceptor.RetryableMethod.invoke");
		});
	}

	@Test
	void byDefaultTheRetryAdviceIsOutermost() {
		this.runner.withBean(Flaky.class, this::alreadyAdvised).run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThat(flaky.fetch()).isEqualTo("ok");
			assertThat(this.target.calls).hasValue(3);
			assertThat(this.target.adviceCalls).as("the other advice runs once per try").hasValue(3);
		});
	}

	@Test
	void backoffAopOrderPlacesTheRetryAdviceAmongTheOthers() {
		this.runner.withPropertyValues("backoff.aop.order=10")
			.withBean(Flaky.class, this::alreadyAdvised)
			.run((context) -> {
				Flaky flaky = context.getBean(Flaky.class);
				assertThat(flaky.fetch()).isEqualTo("ok");
				assertThat(this.target.calls).hasValue(3);
				assertThat(this.target.adviceCalls).as("the advice of order 0 wraps the retries").hasValue(1);
			});
	}

	@Test
	void anApplicationsOwnPostProcessorReplacesTheAutoConfiguredOne() {
		RetryableBeanPostProcessor own = new RetryableBeanPostProcessor();
		this.runner.withBean(RetryableBeanPostProcessor.class, () -> own)
			.run((context) -> assertThat(context.getBean(RetryableBeanPostProcessor.class)).isSameAs(own));
	}

	@Test
	void customizersAdjustTheRegistryAndKeepWhatThePropertiesSet() {
		this.runner.withPropertyValues("backoff.settings.billing.max-tries=3")
			.withBean("first", RetryRegistryCustomizer.class,
					() -> (builder) -> builder.settings("custom", RetrySettings.builder().maxTries(2).build()))
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				assertThat(registry.settings("custom").maxTries()).isEqualTo(2);
				assertThat(registry.settings("billing").maxTries()).isEqualTo(3);
			});
	}

	/** A bean that another advisor (order 0, counting its calls) already proxies. */
	private Flaky alreadyAdvised() {
		Flaky target = this.target;
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		DefaultPointcutAdvisor counting = new DefaultPointcutAdvisor((MethodInterceptor) (invocation) -> {
			target.adviceCalls.incrementAndGet();
			return invocation.proceed();
		});
		counting.setOrder(0);
		factory.addAdvisor(counting);
		return (Flaky) factory.getProxy();
	}

	/** The start-up report's description, as the failure analyzer renders it. */
	private static String report(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(cause).isInstanceOf(InvalidBackoffConfigurationException.class);
		StringBuilder report = new StringBuilder("Invalid retry configuration:");
		((InvalidBackoffConfigurationException) cause).getProblems()
			.forEach((problem) -> report.append("\n- ").append(problem.description()));
		return report.toString();
	}

	static class PackagePrivate {

		@Retryable("nope")
		String fetch() {
			return "ok";
		}

	}

	static class FinalMethod {

		@Retryable
		final String fetch() {
			return "ok";
		}

	}

	static class PrivateMethod {

		@Retryable
		private String fetch() {
			return "ok";
		}

		String call() {
			return fetch();
		}

	}

	public interface Client<T> {

		T fetch();

	}

	static class StringClient implements Client<CompletableFuture<String>> {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		@Retryable
		public CompletableFuture<String> fetch() {
			this.calls.incrementAndGet();
			return CompletableFuture.failedFuture(new IOException("down"));
		}

	}

	static class OneTry {

		@Retryable(maxTries = "1")
		String fetch() throws IOException {
			throw new IOException("down");
		}

	}

	public interface Defaulted {

		AtomicInteger calls();

		@Retryable
		default String fetch() throws IOException {
			calls().incrementAndGet();
			throw new IOException("down");
		}

	}

	static class InheritsTheDefault implements Defaulted {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public AtomicInteger calls() {
			return this.calls;
		}

	}

	static class NotOnTheInterface implements Client<String> {

		@Override
		@Retryable
		public String fetch() {
			return "ok";
		}

		@Retryable
		String extra() {
			return "ok";
		}

	}

	static class Flaky {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger adviceCalls = new AtomicInteger();

		@Retryable
		String fetch() throws IOException {
			if (this.calls.incrementAndGet() < 3) {
				throw new IOException("down");
			}
			return "ok";
		}

	}

}
