package dev.backoff.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.backoff.annotation.Retryable;
import dev.backoff.core.GiveUpReason;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Asynchronous retries: the timer only times, each retry runs on the application's task
 * executor with the caller's context, and closing the context ends pending retries at
 * once. These use the real scheduler, with waits of a millisecond (or an hour, never
 * reached).
 */
class AsyncExecutionTests {

	private static final String KEY = "backoff.test.tenant";

	private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, BackoffAutoConfiguration.class))
		.withBean(Remote.class)
		.withBean(GiveUps.class)
		.withPropertyValues("backoff.settings.quick.strategy=constant", "backoff.settings.quick.base=1ms",
				"backoff.settings.quick.jitter=none", "backoff.settings.slow.strategy=constant",
				"backoff.settings.slow.base=1h", "backoff.settings.slow.cap=1h", "backoff.settings.slow.jitter=none");

	@BeforeEach
	void registerTenant() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, TENANT);
	}

	@AfterEach
	void removeTenant() {
		ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
		TENANT.remove();
	}

	@Test
	void retriesRunOnTheApplicationTaskExecutorWithTheCallersContext() {
		this.runner.run((context) -> {
			Remote remote = context.getBean(Remote.class);
			TENANT.set("acme");
			CompletableFuture<String> result = remote.quick(2);
			TENANT.remove();
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
			assertThat(remote.threads()).hasSize(3);
			assertThat(remote.threads().get(0)).isEqualTo(Thread.currentThread().getName());
			assertThat(remote.threads().subList(1, 3)).allSatisfy((name) -> assertThat(name).startsWith("task-"));
			assertThat(remote.tenants()).containsExactly("acme", "acme", "acme");
		});
	}

	@Test
	void closingTheContextEndsPendingRetriesWithTheLastFailure() {
		this.runner.run((context) -> {
			Remote remote = context.getBean(Remote.class);
			GiveUps giveUps = context.getBean(GiveUps.class);
			CompletableFuture<String> result = remote.slow();
			assertThat(result).isNotDone();
			List<String> threads = remote.threads();
			context.getSourceApplicationContext().close();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(IOException.class);
			assertThat(threads).as("no try after the close").hasSize(1);
			assertThat(giveUps.reasons()).containsExactly(GiveUpReason.SHUTDOWN);
		});
	}

	public static class Remote {

		final List<String> threads = new CopyOnWriteArrayList<>();

		final List<String> tenants = new CopyOnWriteArrayList<>();

		private int failures;

		@Retryable("quick")
		public CompletableFuture<String> quick(int failuresFirst) {
			this.threads.add(Thread.currentThread().getName());
			this.tenants.add(String.valueOf(TENANT.get()));
			if (this.threads.size() <= failuresFirst) {
				return CompletableFuture.failedFuture(new IOException("down " + (++this.failures)));
			}
			return CompletableFuture.completedFuture("ok");
		}

		public List<String> threads() {
			return this.threads;
		}

		public List<String> tenants() {
			return this.tenants;
		}

		@Retryable("slow")
		public CompletableFuture<String> slow() {
			this.threads.add(Thread.currentThread().getName());
			return CompletableFuture.failedFuture(new IOException("down"));
		}

	}

	static class GiveUps implements RetryListener {

		final List<GiveUpReason> reasons = new CopyOnWriteArrayList<>();

		@Override
		public void onGiveUp(RetryEvent event) {
			this.reasons.add(event.reason());
		}

		List<GiveUpReason> reasons() {
			return this.reasons;
		}

	}

}
