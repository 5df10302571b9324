package dev.backoff.interceptor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.core.test.FakeTime;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call reaches its method's retrying advice without looking it up: the proxy's chain
 * for the method holds that method's {@link RetryableMethod}, whoever made the proxy.
 */
class RetryableAdviceBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class);

	@Test
	void aProxyMadeForTheBeanHoldsEachMethodsOwnAdviceInItsChain() throws Exception {
		this.runner.run((context) -> {
			RetryableMethods methods = new RetryableMethods(context.getBeanFactory());
			RetryableInterceptor interceptor = new RetryableInterceptor(methods);
			Service target = new Service();
			Map<Method, RetryableMethod> resolved = methods.validate(Service.class, false);
			ProxyFactory proxy = proxy(target, interceptor, resolved);
			Method fetch = Service.class.getMethod("fetch");
			Method other = Service.class.getMethod("other");

			List<Object> chain = proxy.getInterceptorsAndDynamicInterceptionAdvice(fetch, Service.class);
			assertThat(chain).singleElement()
				.isInstanceOfSatisfying(RetryableMethod.class,
						(advice) -> assertThat(advice.label).isEqualTo("Service#fetch"));
			assertThat(proxy.getInterceptorsAndDynamicInterceptionAdvice(other, Service.class)).isEmpty();
			ProxyFactory rewrapped = proxy(new Service(), interceptor, resolved);
			rewrapped.setAdvisorChainFactory(
					RetryableAdvisorChainFactory.wrap(rewrapped.getAdvisorChainFactory(), interceptor, Map.of()));
			assertThat(rewrapped.getInterceptorsAndDynamicInterceptionAdvice(fetch, Service.class))
				.as("wrapping again replaces the binding instead of stacking a second one")
				.containsExactly(interceptor);

			assertThat(((Service) proxy.getProxy()).fetch()).isEqualTo("ok");
			assertThat(target.calls).hasValue(3);
		});
	}

	@Test
	void adviceThatFollowsTheRetryingAdviceInTheChainRunsOncePerTry() {
		this.runner.run((context) -> {
			RetryableMethods methods = new RetryableMethods(context.getBeanFactory());
			RetryableInterceptor interceptor = new RetryableInterceptor(methods);
			Service target = new Service();
			ProxyFactory proxy = proxy(target, interceptor, methods.validate(Service.class, false));
			AtomicInteger inner = new AtomicInteger();
			proxy.addAdvice((MethodInterceptor) (invocation) -> {
				inner.incrementAndGet();
				return invocation.proceed();
			});
			assertThat(((Service) proxy.getProxy()).fetch()).isEqualTo("ok");
			assertThat(target.calls).hasValue(3);
			assertThat(inner).as("each try proceeds down a fresh clone of the invocation").hasValue(3);
		});
	}

	@Test
	void whenNothingFollowsTheRetryingAdviceEachTryProceedsTheCallItselfWithItsArguments() {
		this.runner.run((context) -> {
			RetryableMethods methods = new RetryableMethods(context.getBeanFactory());
			RetryableInterceptor interceptor = new RetryableInterceptor(methods);
			Echo target = new Echo();
			ProxyFactory proxy = new ProxyFactory(target);
			proxy.setProxyTargetClass(true);
			proxy.addAdvisor(new DefaultPointcutAdvisor(RetryableBeanPostProcessor.pointcut(), interceptor));
			proxy.setAdvisorChainFactory(RetryableAdvisorChainFactory.wrap(proxy.getAdvisorChainFactory(), interceptor,
					methods.validate(Echo.class, false)));
			assertThat(((Echo) proxy.getProxy()).echo("a", 2)).isEqualTo("a2");
			assertThat(target.echoes).containsExactly("a2", "a2", "a2");
		});
	}

	@Test
	void withoutTheChainFactoryTheSharedAdviceLooksTheMethodUpAndRetriesAlike() {
		this.runner.run((context) -> {
			RetryableInterceptor interceptor = new RetryableInterceptor(new RetryableMethods(context.getBeanFactory()));
			Service target = new Service();
			ProxyFactory proxy = new ProxyFactory(target);
			proxy.setProxyTargetClass(true);
			proxy.addAdvisor(new DefaultPointcutAdvisor(RetryableBeanPostProcessor.pointcut(), interceptor));

			assertThat(
					proxy.getInterceptorsAndDynamicInterceptionAdvice(Service.class.getMethod("fetch"), Service.class))
				.containsExactly(interceptor);
			assertThat(((Service) proxy.getProxy()).fetch()).isEqualTo("ok");
			assertThat(target.calls).hasValue(3);
		});
	}

	@Test
	void aBeanAnotherPostProcessorProxiedGetsOneAdvisorPerAnnotatedMethod() {
		this.runner.withBean(Api.class, () -> alreadyProxied(new Service(), false)).run((context) -> {
			Api api = context.getBean(Api.class);
			List<Advice> retrying = Arrays.stream(((Advised) api).getAdvisors())
				.map(Advisor::getAdvice)
				.filter((advice) -> advice instanceof RetryableMethod || advice instanceof RetryableInterceptor)
				.toList();
			assertThat(retrying).singleElement()
				.isInstanceOfSatisfying(RetryableMethod.class,
						(advice) -> assertThat(advice.label).isEqualTo("Service#fetch"));
			assertThat(api.fetch()).isEqualTo("ok");
			assertThat(api.other()).isEqualTo("other");
		});
	}

	@Test
	void aBeanAlreadyProxiedThroughItsInterfacesIsRetriedThroughTheInterfacesMethod() {
		Service target = new Service();
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean(Api.class, () -> alreadyProxied(target, true))
			.run((context) -> {
				Api api = context.getBean(Api.class);
				assertThat(AopUtils.isJdkDynamicProxy(api)).isTrue();
				assertThat(api.fetch()).isEqualTo("ok");
				assertThat(target.calls).hasValue(3);
				assertThat(api.other()).isEqualTo("other");
				assertThat(target.otherCalls).hasValue(1);
			});
	}

	private static ProxyFactory proxy(Service target, RetryableInterceptor interceptor,
			Map<Method, RetryableMethod> resolved) {
		ProxyFactory proxy = new ProxyFactory(target);
		proxy.setProxyTargetClass(true);
		proxy.addAdvisor(new DefaultPointcutAdvisor(RetryableBeanPostProcessor.pointcut(), interceptor));
		proxy.setAdvisorChainFactory(
				RetryableAdvisorChainFactory.wrap(proxy.getAdvisorChainFactory(), interceptor, resolved));
		return proxy;
	}

	private static Api alreadyProxied(Service target, boolean throughInterfaces) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(!throughInterfaces);
		if (throughInterfaces) {
			factory.addInterface(Api.class);
		}
		factory.addAdvice((MethodInterceptor) (invocation) -> invocation.proceed());
		return (Api) factory.getProxy();
	}

	interface Api {

		String fetch() throws IOException;

		String other();

	}

	static class Service implements Api {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger otherCalls = new AtomicInteger();

		@Override
		@Retryable
		public String fetch() throws IOException {
			if (this.calls.incrementAndGet() < 3) {
				throw new IOException("down");
			}
			return "ok";
		}

		@Override
		public String other() {
			this.otherCalls.incrementAndGet();
			return "other";
		}

	}

	static class Echo {

		final List<String> echoes = new java.util.ArrayList<>();

		@Retryable
		String echo(String text, int times) throws IOException {
			this.echoes.add(text + times);
			if (this.echoes.size() < 3) {
				throw new IOException("down");
			}
			return text + times;
		}

	}

}
