package dev.backoff.interceptor;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Many application contexts in one JVM, as a test suite runs them: a start-up that fails
 * leaves nothing behind for the next one, and contexts alive together keep their own
 * settings, though their beans share one proxy class. Each test uses a bean class of its
 * own, because proxy classes are cached for the whole JVM.
 */
class ManyContextsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class);

	@Test
	void aMisspeltKeyFailsOneStartAndNotTheNextOnesWithClassProxies() {
		this.runner.withPropertyValues("backoff.enabeld=false")
			.withBean(ClassProxied.class)
			.run((context) -> assertThat(context).hasFailed());
		for (int i = 0; i < 2; i++) {
			this.runner.withPropertyValues("backoff.settings.default.max-tries=3")
				.withBean(ClassProxied.class)
				.run((context) -> {
					ClassProxied bean = context.getBean(ClassProxied.class);
					assertThat(AopUtils.isCglibProxy(bean)).isTrue();
					assertThatIOException().isThrownBy(bean::fetch);
					assertThat(target(bean).calls).hasValue(3);
				});
		}
	}

	@Test
	void aMisspeltKeyFailsOneStartAndNotTheNextOnesWithInterfaceProxies() {
		this.runner.withPropertyValues("backoff.enabeld=false", "spring.aop.proxy-target-class=false")
			.withBean(Fetcher.class, InterfaceProxied::new)
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("backoff.settings.default.max-tries=2", "spring.aop.proxy-target-class=false")
			.withBean(Fetcher.class, InterfaceProxied::new)
			.run((context) -> {
				Fetcher bean = context.getBean(Fetcher.class);
				assertThat(AopUtils.isJdkDynamicProxy(bean)).isTrue();
				assertThatIOException().isThrownBy(bean::fetch);
				assertThat(((InterfaceProxied) AopProxyUtils.getSingletonTarget(bean)).calls).hasValue(2);
			});
	}

	@Test
	void anInvalidValueFailsOneStartAndNotTheNextOnes() {
		this.runner.withPropertyValues("backoff.settings.default.max-tries=0")
			.withBean(InvalidValue.class)
			.run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("backoff.settings.default.max-tries=4")
			.withBean(InvalidValue.class)
			.run((context) -> {
				InvalidValue bean = context.getBean(InvalidValue.class);
				assertThatIOException().isThrownBy(bean::fetch);
				assertThat(target(bean).calls).hasValue(4);
			});
	}

	@Test
	void anUnknownEntryFailsOneStartAndNotTheNextOnes() {
		this.runner.withBean(NamedEntry.class).run((context) -> assertThat(context).hasFailed());
		this.runner.withPropertyValues("backoff.settings.billing.max-tries=2")
			.withBean(NamedEntry.class)
			.run((context) -> {
				NamedEntry bean = context.getBean(NamedEntry.class);
				assertThatIOException().isThrownBy(bean::fetch);
				assertThat(target(bean).calls).hasValue(2);
			});
	}

	@Test
	void contextsAliveTogetherKeepTheirOwnSettingsThroughTheSharedProxyClass() {
		this.runner.withPropertyValues("backoff.settings.default.max-tries=2")
			.withBean(SharedClass.class)
			.run((two) -> this.runner.withPropertyValues("backoff.settings.default.max-tries=5")
				.withBean(SharedClass.class)
				.run((five) -> {
					SharedClass inTwo = two.getBean(SharedClass.class);
					SharedClass inFive = five.getBean(SharedClass.class);
					assertThat(inTwo.getClass()).as("one proxy class").isSameAs(inFive.getClass());
					assertThatIOException().isThrownBy(inFive::fetch);
					assertThatIOException().isThrownBy(inTwo::fetch);
					assertThatIOException().isThrownBy(inFive::fetch);
					assertThat(target(inTwo).calls).hasValue(2);
					assertThat(target(inFive).calls).hasValue(10);
				}));
	}

	@Test
	void aContextClosedAndStartedAgainGetsItsNewSettings() {
		for (int maxTries = 1; maxTries <= 3; maxTries++) {
			int expected = maxTries;
			this.runner.withPropertyValues("backoff.settings.default.max-tries=" + maxTries)
				.withBean(Restarted.class)
				.run((context) -> {
					Restarted bean = context.getBean(Restarted.class);
					assertThatIOException().isThrownBy(bean::fetch);
					assertThat(target(bean).calls).hasValue(expected);
				});
		}
	}

	private static <T> T target(T proxy) {
		@SuppressWarnings("unchecked")
		T target = (T) AopProxyUtils.getSingletonTarget(proxy);
		return target;
	}

	/**
	 * Fails every time, counting its calls. Each test's bean is a subclass of its own, so
	 * each gets its own proxy class.
	 */
	public abstract static class Failing {

		final AtomicInteger calls = new AtomicInteger();

		@Retryable
		public String fetch() throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("down");
		}

	}

	static class ClassProxied extends Failing {

	}

	public interface Fetcher {

		String fetch() throws IOException;

	}

	static class InterfaceProxied extends Failing implements Fetcher {

	}

	static class InvalidValue extends Failing {

	}

	static class NamedEntry extends Failing {

		@Override
		@Retryable("billing")
		public String fetch() throws IOException {
			return super.fetch();
		}

	}

	static class SharedClass extends Failing {

	}

	static class Restarted extends Failing {

	}

}
