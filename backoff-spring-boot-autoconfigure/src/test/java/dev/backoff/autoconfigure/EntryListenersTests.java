package dev.backoff.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.backoff.annotation.Retryable;
import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handlers configured per entry ({@code backoff.*.listeners}) and per method
 * ({@code @Retryable(listeners)}): told after the global listeners, in order, inherited
 * like other keys, and never global themselves.
 */
class EntryListenersTests {

	private final List<String> heard = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
		.withBean(FakeTime.class)
		.withBean("global", RetryListener.class, () -> new Recorder("global", this.heard))
		.withBean("auditListener", RetryListener.class, () -> new Recorder("audit", this.heard))
		.withBean("pager", RetryListener.class, () -> new Recorder("pager", this.heard))
		.withBean("methodListener", RetryListener.class, () -> new Recorder("method", this.heard))
		.withBean(Billing.class)
		.withPropertyValues("backoff.defaults.strategy=constant", "backoff.defaults.base=0ms",
				"backoff.settings.billing.max-tries=3");

	@Test
	void anEntrysListenersHearItsEventsAfterTheGlobalOnesInOrderAndNoOtherEntrys() {
		this.runner.withPropertyValues("backoff.settings.billing.listeners=auditListener, pager").run((context) -> {
			Billing billing = context.getBean(Billing.class);
			assertThat(billing.charge()).isEqualTo("charged");
			assertThat(this.heard).containsExactly("global backoff Billing#charge", "audit backoff Billing#charge",
					"pager backoff Billing#charge", "global success Billing#charge", "audit success Billing#charge",
					"pager success Billing#charge");
			this.heard.clear();
			assertThat(billing.lookUp()).isEqualTo("found");
			assertThat(this.heard).containsExactly("global backoff Billing#lookUp", "global success Billing#lookUp");
		});
	}

	@Test
	void listenersAreInheritedFromTheDefaultsAndAnEntrysOwnReplaceThem() {
		this.runner
			.withPropertyValues("backoff.defaults.listeners=auditListener", "backoff.settings.billing.listeners=pager")
			.run((context) -> {
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				assertThat(registry.settings("default").listeners())
					.containsExactly(context.getBean("auditListener", RetryListener.class));
				assertThat(registry.settings("interactive").listeners())
					.containsExactly(context.getBean("auditListener", RetryListener.class));
				assertThat(registry.settings("billing").listeners())
					.containsExactly(context.getBean("pager", RetryListener.class));
			});
	}

	@Test
	void aRetryableAddsItsListenersForThatMethodOnlyAfterTheEntrys() {
		this.runner.withPropertyValues("backoff.settings.billing.listeners=auditListener").run((context) -> {
			Billing billing = context.getBean(Billing.class);
			assertThat(billing.refund()).isEqualTo("refunded");
			// pager is named nowhere here, so it is a global listener, told with the
			// others
			assertThat(this.heard).containsExactly("global backoff Billing#refund", "pager backoff Billing#refund",
					"audit backoff Billing#refund", "method backoff Billing#refund", "global success Billing#refund",
					"pager success Billing#refund", "audit success Billing#refund", "method success Billing#refund");
			this.heard.clear();
			billing.charge();
			assertThat(this.heard).doesNotContain("method backoff Billing#charge", "method success Billing#charge");
		});
	}

	@Test
	void withoutHandlersEveryListenerBeanIsGlobalAndEntriesCarryNone() {
		this.runner.withBean(Unannotated.class).run((context) -> {
			assertThat(context.getBean(RetryRegistry.class).settings("billing").listeners()).isEmpty();
			assertThat(context.getBean(Billing.class).lookUp()).isEqualTo("found");
			// methodListener is named by @Retryable on Billing#refund, so it is a
			// handler, not global
			assertThat(this.heard).containsExactly("global backoff Billing#lookUp", "audit backoff Billing#lookUp",
					"pager backoff Billing#lookUp", "global success Billing#lookUp", "audit success Billing#lookUp",
					"pager success Billing#lookUp");
		});
	}

	/** Records each event as {@code who kind target}. */
	static final class Recorder implements RetryListener {

		private final String who;

		private final List<String> heard;

		Recorder(String who, List<String> heard) {
			this.who = who;
			this.heard = heard;
		}

		@Override
		public void onSuccess(RetryEvent event) {
			this.heard.add(this.who + " success " + event.target());
		}

		@Override
		public void onBackoff(RetryEvent event) {
			this.heard.add(this.who + " backoff " + event.target());
		}

		@Override
		public void onGiveUp(RetryEvent event) {
			this.heard.add(this.who + " giveup " + event.target());
		}

	}

	public static class Billing {

		private final AtomicInteger calls = new AtomicInteger();

		@Retryable("billing")
		public String charge() throws IOException {
			failFirst();
			return "charged";
		}

		@Retryable(value = "billing", listeners = "methodListener")
		public String refund() throws IOException {
			failFirst();
			return "refunded";
		}

		@Retryable
		public String lookUp() throws IOException {
			failFirst();
			return "found";
		}

		private void failFirst() throws IOException {
			if (this.calls.incrementAndGet() % 2 == 1) {
				throw new IOException("first try fails");
			}
		}

	}

	/**
	 * A bean of no interest, so the context has more than the annotated one to look
	 * through.
	 */
	public static class Unannotated {

		public String name() {
			return "plain";
		}

	}

}
