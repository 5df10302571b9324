package dev.backoff.interceptor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.core.NoRetry;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

class RetryableInterceptorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean(Events.class)
		.withBean(Flaky.class);

	@Test
	void aFailingMethodIsRetriedUntilItSucceeds() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(2);
			assertThat(flaky.fetch()).isEqualTo("ok");
			assertThat(flaky.calls()).isEqualTo(3);
			assertThat(context.getBean(FakeTime.class).waits()).hasSize(2);
			assertThat(context.getBean(Events.class).kinds).containsExactly("backoff Flaky#fetch default",
					"backoff Flaky#fetch default", "success Flaky#fetch default");
			assertThat(AopUtils.isCglibProxy(flaky)).isTrue();
		});
	}

	@Test
	void theCallerGetsTheOriginalCheckedException() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(100);
			assertThatIOException().isThrownBy(flaky::fetch)
				.withMessage("try 11")
				.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(5));
			assertThat(flaky.calls()).isEqualTo(11);
		});
	}

	@Test
	void giveUpOnTypesEndRetryingAtOnce() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThatExceptionOfType(FileNotFoundException.class).isThrownBy(flaky::missing);
			assertThat(flaky.calls()).isEqualTo(1);
		});
	}

	@Test
	void maxTriesAcceptsPlaceholders() {
		this.runner.withPropertyValues("flaky.tries=3").run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThatIOException().isThrownBy(flaky::limited);
			assertThat(flaky.calls()).isEqualTo(3);
		});
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThatIOException().isThrownBy(flaky::limited);
			assertThat(flaky.calls()).isEqualTo(2);
		});
	}

	@Test
	void maxTimeOnTheAnnotationLimitsTheBudget() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThatIOException().isThrownBy(flaky::budgeted);
			assertThat(context.getBean(FakeTime.class).elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(1));
			assertThat(context.getBean(Events.class).kinds).last().isEqualTo("giveup Flaky#budgeted default max-time");
		});
	}

	@Test
	void aResultPredicateRetriesUntilTheResultIsGood() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThat(flaky.poll()).isEqualTo("done");
			assertThat(flaky.calls()).isEqualTo(3);
		});
	}

	@Test
	void aResultPredicateBeanIsTakenFromTheContext() {
		this.runner.withBean(Pending.class, () -> new Pending("waiting")).run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThat(flaky.poll()).isEqualTo("pending");
			assertThat(flaky.calls()).isEqualTo(1);
		});
	}

	@Test
	void aTypeLevelAnnotationAppliesToEveryPublicMethod() {
		this.runner.withBean(TypeLevel.class).run((context) -> {
			TypeLevel bean = context.getBean(TypeLevel.class);
			assertThatIOException().isThrownBy(bean::first);
			assertThatIOException().isThrownBy(bean::second);
			assertThat(bean.calls()).isEqualTo(8);
			assertThat(context.getBean(Events.class).kinds).contains("giveup TypeLevel#first interactive max-tries",
					"giveup TypeLevel#second interactive max-tries");
		});
	}

	@Test
	void jdkProxiesOfInterfacesAreRetried() {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean(Remote.class, RemoteImpl::new)
			.withBean(AnnotatedRemote.class, AnnotatedRemoteImpl::new)
			.run((context) -> {
				Remote remote = context.getBean(Remote.class);
				assertThat(AopUtils.isJdkDynamicProxy(remote)).isTrue();
				assertThat(remote.call()).isEqualTo("ok after 3");
				AnnotatedRemote annotated = context.getBean(AnnotatedRemote.class);
				assertThat(AopUtils.isJdkDynamicProxy(annotated)).isTrue();
				assertThat(annotated.call()).isEqualTo("ok after 3");
			});
	}

	@Test
	void annotationsOnInterfacesApplyToCglibProxiesOfTheirImplementations() {
		this.runner.withBean(AnnotatedRemoteImpl.class).run((context) -> {
			AnnotatedRemoteImpl remote = context.getBean(AnnotatedRemoteImpl.class);
			assertThat(AopUtils.isCglibProxy(remote)).isTrue();
			assertThat(remote.call()).isEqualTo("ok after 3");
		});
	}

	@Test
	void twoImplementationsOfOneAnnotatedMethodEachResolveTheirOwnClass() {
		this.runner.withBean("first", AnnotatedRemote.class, AnnotatedRemoteImpl::new)
			.withBean("second", AnnotatedRemote.class, OtherRemoteImpl::new)
			.run((context) -> {
				AnnotatedRemote first = context.getBean("first", AnnotatedRemote.class);
				AnnotatedRemote second = context.getBean("second", AnnotatedRemote.class);
				assertThat(first.call()).isEqualTo("ok after 3");
				assertThat(second.call()).isEqualTo("other after 3");
				assertThat(first.call()).isEqualTo("ok after 4");
				assertThat(context.getBean(Events.class).kinds).contains("backoff AnnotatedRemoteImpl#call default",
						"backoff OtherRemoteImpl#call default");
			});
	}

	@Test
	void eachTryRunsInItsOwnTransaction() {
		this.runner.withUserConfiguration(TransactionConfiguration.class).run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			assertThat(ledger.write()).isEqualTo("written");
			assertThat(ledger.calls()).isEqualTo(3);
			assertThat(transactions.begins).hasValue(3);
			assertThat(transactions.rollbacks).hasValue(2);
			assertThat(transactions.commits).hasValue(1);
		});
	}

	@Test
	void completableFuturesAreRetriedWithoutBlocking() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(2);
			CompletableFuture<String> result = flaky.async();
			assertThat(result).isCompletedWithValue("ok");
			assertThat(flaky.calls()).isEqualTo(3);
			assertThat(context.getBean(FakeTime.class).waits()).hasSize(2);
		});
	}

	@Test
	void completableFuturesCompleteWithTheOriginalFailure() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(100);
			assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> flaky.async().join())
				.withCauseInstanceOf(IOException.class);
			assertThat(flaky.calls()).isEqualTo(11);
		});
	}

	@Test
	void monosAreRetriedByResubscribing() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(2);
			StepVerifier.create(flaky.mono()).expectNext("ok").verifyComplete();
			assertThat(flaky.calls()).isEqualTo(3);
			assertThat(context.getBean(Events.class).kinds).last().isEqualTo("success Flaky#mono default");
		});
	}

	@Test
	void monosGiveUpWithTheOriginalFailure() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(100);
			StepVerifier.create(flaky.mono())
				.expectErrorMatches((ex) -> ex instanceof IOException && ex.getMessage().equals("try 11")
						&& ex.getSuppressed().length == 5)
				.verify();
		});
	}

	@Test
	void fluxesAreRetriedByResubscribing() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(2);
			StepVerifier.create(flaky.flux()).expectNext(1, 1, 1, 2).verifyComplete();
			assertThat(flaky.calls()).isEqualTo(3);
			assertThat(context.getBean(FakeTime.class).waits()).hasSize(2);
		});
	}

	@Test
	void disabledRetryRunsMethodsExactlyOnce() {
		this.runner.withPropertyValues("backoff.enabled=false").run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(1);
			assertThatIOException().isThrownBy(flaky::fetch);
			assertThat(flaky.calls()).isEqualTo(1);
			assertThat(context.getBean(Events.class).kinds).isEmpty();
		});
	}

	@SuppressWarnings("try") // the scope is used for its effect, as the README shows
	@Test
	void noRetryScopesWorkAroundAnnotatedCalls() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(1);
			try (NoRetry scope = NoRetry.open()) {
				assertThatIOException().isThrownBy(flaky::fetch);
			}
			assertThat(flaky.calls()).isEqualTo(1);
			assertThat(flaky.fetch()).isEqualTo("ok");
		});
	}

	@Test
	void replacingAnEntryChangesTheNextCall() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(100);
			assertThatIOException().isThrownBy(flaky::limited);
			assertThat(flaky.calls()).isEqualTo(2);
			RetryRegistry registry = context.getBean(RetryRegistry.class);
			registry.replace("default", RetrySettings.builder().maxTries(3).build());
			flaky.resetCalls();
			assertThatIOException().isThrownBy(flaky::fetch);
			assertThat(flaky.calls()).isEqualTo(3);
			// the annotation's own maxTries still wins over the replaced entry
			flaky.resetCalls();
			assertThatIOException().isThrownBy(flaky::limited);
			assertThat(flaky.calls()).isEqualTo(2);
		});
	}

	@Test
	void methodsAreResolvedOnceAtStartUp() {
		this.runner.run((context) -> {
			RetryableBeanPostProcessor postProcessor = context.getBean(RetryableBeanPostProcessor.class);
			assertThat(postProcessor).isNotNull();
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(0);
			flaky.fetch();
			flaky.fetch();
			assertThat(flaky.calls()).isEqualTo(2);
		});
	}

	@Test
	void unannotatedBeansAreNotProxied() {
		this.runner.withBean(Plain.class)
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(Plain.class))).isFalse());
	}

	static class Events implements RetryListener {

		final List<String> kinds = new CopyOnWriteArrayList<>();

		@Override
		public void onSuccess(RetryEvent event) {
			this.kinds.add("success " + event.target() + " " + event.name());
		}

		@Override
		public void onBackoff(RetryEvent event) {
			this.kinds.add("backoff " + event.target() + " " + event.name());
		}

		@Override
		public void onGiveUp(RetryEvent event) {
			this.kinds.add("giveup " + event.target() + " " + event.name() + " " + event.reason().tag());
		}

	}

	public static class Flaky {

		final AtomicInteger calls = new AtomicInteger();

		volatile int failures;

		public void failFirst(int failures) {
			this.failures = failures;
		}

		public int calls() {
			return this.calls.get();
		}

		public void resetCalls() {
			this.calls.set(0);
		}

		private void maybeFail() throws IOException {
			int call = this.calls.incrementAndGet();
			if (call <= this.failures) {
				throw new IOException("try " + call);
			}
		}

		@Retryable
		public String fetch() throws IOException {
			maybeFail();
			return "ok";
		}

		@Retryable(giveUpOn = FileNotFoundException.class)
		public String missing() throws IOException {
			this.calls.incrementAndGet();
			throw new FileNotFoundException("gone");
		}

		@Retryable(maxTries = "${flaky.tries:2}")
		public String limited() throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("always");
		}

		@Retryable(maxTime = "1s")
		public String budgeted() throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("always");
		}

		@Retryable(retryOnResult = Pending.class)
		public String poll() {
			return (this.calls.incrementAndGet() < 3) ? "pending" : "done";
		}

		@Retryable
		public CompletableFuture<String> async() {
			try {
				maybeFail();
				return CompletableFuture.completedFuture("ok");
			}
			catch (IOException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		@Retryable
		public Mono<String> mono() {
			return Mono.fromCallable(() -> {
				maybeFail();
				return "ok";
			});
		}

		@Retryable
		public Flux<Integer> flux() {
			return Flux.defer(() -> {
				try {
					maybeFail();
					return Flux.just(1, 2);
				}
				catch (IOException ex) {
					return Flux.concat(Flux.just(1), Flux.error(ex));
				}
			});
		}

	}

	public static class Pending implements Predicate<String> {

		private final String marker;

		Pending() {
			this("pending");
		}

		Pending(String marker) {
			this.marker = marker;
		}

		@Override
		public boolean test(String result) {
			return this.marker.equals(result);
		}

	}

	@Retryable("interactive")
	public static class TypeLevel {

		final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		public String first() throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("first");
		}

		public String second() throws IOException {
			this.calls.incrementAndGet();
			throw new IOException("second");
		}

	}

	public interface Remote {

		String call() throws IOException;

	}

	public static class RemoteImpl implements Remote {

		private final AtomicInteger calls = new AtomicInteger();

		@Override
		@Retryable
		public String call() throws IOException {
			if (this.calls.incrementAndGet() < 3) {
				throw new IOException("not yet");
			}
			return "ok after " + this.calls.get();
		}

	}

	public interface AnnotatedRemote {

		@Retryable
		String call() throws IOException;

	}

	public static class AnnotatedRemoteImpl implements AnnotatedRemote {

		private final AtomicInteger calls = new AtomicInteger();

		@Override
		public String call() throws IOException {
			if (this.calls.incrementAndGet() < 3) {
				throw new IOException("not yet");
			}
			return "ok after " + this.calls.get();
		}

	}

	public static class OtherRemoteImpl implements AnnotatedRemote {

		private final AtomicInteger calls = new AtomicInteger();

		@Override
		public String call() throws IOException {
			if (this.calls.incrementAndGet() < 3) {
				throw new IOException("not yet");
			}
			return "other after " + this.calls.get();
		}

	}

	public static class Plain {

		public String call() {
			return "plain";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class TransactionConfiguration {

		@Bean
		RecordingTransactionManager transactionManager() {
			return new RecordingTransactionManager();
		}

		@Bean
		Ledger ledger() {
			return new Ledger();
		}

	}

	public static class Ledger {

		final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Retryable
		@Transactional
		public String write() {
			assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
			if (this.calls.incrementAndGet() < 3) {
				throw new IllegalStateException("conflict");
			}
			return "written";
		}

	}

	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		final AtomicInteger begins = new AtomicInteger();

		final AtomicInteger commits = new AtomicInteger();

		final AtomicInteger rollbacks = new AtomicInteger();

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			this.begins.incrementAndGet();
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.commits.incrementAndGet();
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.rollbacks.incrementAndGet();
		}

	}

}
