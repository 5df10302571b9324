package dev.backoff.interceptor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryDrivers;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * One {@code @Retryable} method, resolved once: its entry, label, return-type kind and
 * the annotation's overrides. Its retrier is cached and rebuilt only when the registry
 * changes.
 * <p>
 * It is also the advice of that method's calls: a proxy's chain for the method holds it
 * in place of the shared {@link RetryableInterceptor} (see
 * {@link RetryableAdvisorChainFactory}), so a call finds its method without a lookup. It
 * only makes tries; the engine decides. Each try proceeds down a fresh clone of the
 * invocation, so advice inside this one (such as a transaction) runs again per try, and
 * the original invocation is never consumed. When nothing follows this advice in the
 * chain, proceeding calls the target and leaves the invocation as it was, so each try
 * proceeds the invocation itself, without a clone (see {@link #lastInChain()}).
 */
final class RetryableMethod implements MethodInterceptor {

	/*
	 * Every frame between the proxy and the target is filled into the stack trace of each
	 * failure made during a try, and of the InvocationTargetException that reflection
	 * wraps it in: most of what a failed try costs. So the frames here are as few as can
	 * be. The driver and the in-place try are method references, whose frames (a hidden
	 * class's) stack traces leave out; the cloning try is one static method.
	 */

	/** The engine's blocking driver, called without a frame of the SPI class. */
	private static final RetryDrivers.Blocking DRIVER = RetryDrivers.blocking();

	/** One try down a clone of the invocation, for advice inside this one. */
	private static final Retrier.Attempt<ProxyMethodInvocation, @Nullable Object> TRY = RetryableMethod::proceedClone;

	/**
	 * One try when nothing follows this advice in the chain: proceeding then calls the
	 * target and leaves the invocation as it was, so the next try can proceed it again.
	 */
	private static final Retrier.Attempt<ProxyMethodInvocation, @Nullable Object> TRY_IN_PLACE = ProxyMethodInvocation::proceed;

	/** How the method's results are retried. */
	enum Kind {

		/** Blocking: the value (or exception) of the call. */
		PLAIN,

		/** A {@code CompletionStage}, retried without blocking. */
		STAGE,

		/** A Reactor {@code Mono}, retried by resubscribing. */
		MONO,

		/** A Reactor {@code Flux}, retried by resubscribing. */
		FLUX

	}

	private final RetryRegistry registry;

	final Class<?> targetClass;

	final String entry;

	final String label;

	final Kind kind;

	private final @Nullable List<Class<? extends Throwable>> retryOn;

	private final @Nullable List<Class<? extends Throwable>> giveUpOn;

	private final @Nullable Predicate<?> retryOnResult;

	private final @Nullable Integer maxTries;

	private final @Nullable Duration maxTime;

	/** Called instead when retrying gives up, or {@code null}. */
	final @Nullable FallbackMethod fallback;

	/** The annotation's listeners, told after the entry's, or {@code null}. */
	private final @Nullable List<RetryListener> listeners;

	/** Whether calls take the common path: a blocking result and no fallback. */
	private final boolean plain;

	/**
	 * How this advice makes a try: {@link #TRY}, or {@link #TRY_IN_PLACE} when last in
	 * its chain.
	 */
	private final Retrier.Attempt<ProxyMethodInvocation, @Nullable Object> attempt;

	/** The method's retrier, shared with its twin {@link #lastInChain()}. */
	private final RetrierHolder retriers;

	RetryableMethod(RetryRegistry registry, Class<?> targetClass, String entry, String label, Kind kind,
			@Nullable List<Class<? extends Throwable>> retryOn, @Nullable List<Class<? extends Throwable>> giveUpOn,
			@Nullable Predicate<?> retryOnResult, @Nullable Integer maxTries, @Nullable Duration maxTime,
			@Nullable FallbackMethod fallback, @Nullable List<RetryListener> listeners) {
		this.registry = registry;
		this.targetClass = targetClass;
		this.entry = entry;
		this.label = label;
		this.kind = kind;
		this.retryOn = retryOn;
		this.giveUpOn = giveUpOn;
		this.retryOnResult = retryOnResult;
		this.maxTries = maxTries;
		this.maxTime = maxTime;
		this.fallback = fallback;
		this.listeners = listeners;
		this.plain = (kind == Kind.PLAIN && fallback == null);
		this.attempt = TRY;
		this.retriers = new RetrierHolder();
	}

	private RetryableMethod(RetryableMethod method, Retrier.Attempt<ProxyMethodInvocation, @Nullable Object> attempt) {
		this.registry = method.registry;
		this.targetClass = method.targetClass;
		this.entry = method.entry;
		this.label = method.label;
		this.kind = method.kind;
		this.retryOn = method.retryOn;
		this.giveUpOn = method.giveUpOn;
		this.retryOnResult = method.retryOnResult;
		this.maxTries = method.maxTries;
		this.maxTime = method.maxTime;
		this.fallback = method.fallback;
		this.listeners = method.listeners;
		this.plain = method.plain;
		this.attempt = attempt;
		this.retriers = method.retriers;
	}

	/**
	 * Returns this method's advice for a chain in which nothing follows it: the same
	 * method, retrier and statistics, whose tries proceed the invocation itself instead
	 * of a clone (a call then allocates no invocation and no copy of its arguments per
	 * try).
	 * @return the advice
	 */
	RetryableMethod lastInChain() {
		return new RetryableMethod(this, TRY_IN_PLACE);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			return invocation.proceed();
		}
		if (this.plain) {
			return DRIVER.execute(retrier(), proxyInvocation, this.attempt, invocation.getArguments());
		}
		return invokeOther(proxyInvocation, retrier());
	}

	/** Retries a call with a fallback, or else an asynchronous or reactive result. */
	private @Nullable Object invokeOther(ProxyMethodInvocation invocation, Retrier retrier) throws Throwable {
		FallbackMethod fallback = this.fallback;
		if (fallback != null) {
			return withFallback(invocation, retrier, fallback);
		}
		@Nullable Object[] arguments = invocation.getArguments();
		// not plain and no fallback: a CompletionStage, Mono or Flux
		return (this.kind == Kind.STAGE) ? RetryDrivers.executeAsync(retrier, () -> stage(invocation), arguments)
				: ReactorRetries.retry(this.attempt.call(invocation), retrier, arguments);
	}

	/**
	 * The same retrying, with the fallback called instead of handing over the final
	 * failure.
	 */
	private @Nullable Object withFallback(ProxyMethodInvocation invocation, Retrier retrier, FallbackMethod fallback)
			throws Throwable {
		@Nullable Object target = invocation.getThis();
		@Nullable Object[] arguments = invocation.getArguments();
		return switch (this.kind) {
			case PLAIN -> {
				try {
					yield DRIVER.execute(retrier, invocation, this.attempt, arguments);
				}
				catch (Throwable failure) {
					yield fallback.invoke(target, arguments, failure);
				}
			}
			case STAGE -> RetryDrivers.executeAsync(retrier, () -> stage(invocation), arguments)
				.exceptionallyCompose((failure) -> fallbackStage(fallback, target, arguments, failure));
			case MONO, FLUX ->
				ReactorRetries.withFallback(ReactorRetries.retry(this.attempt.call(invocation), retrier, arguments),
						(failure) -> fallback.invoke(target, arguments, failure));
		};
	}

	@SuppressWarnings("unchecked")
	private static CompletionStage<Object> fallbackStage(FallbackMethod fallback, @Nullable Object target,
			@Nullable Object[] arguments, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		try {
			// a CompletionStage method's fallback value is always adapted to a stage
			return (CompletionStage<Object>) Objects.requireNonNull(fallback.invoke(target, arguments, cause),
					"fallback stage");
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private @Nullable CompletionStage<Object> stage(ProxyMethodInvocation invocation) {
		try {
			return (CompletionStage<Object>) this.attempt.call(invocation);
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Returns the retrier for this method, labelled with its name: a volatile read and an
	 * int compare, unless an entry was replaced since the last call.
	 */
	Retrier retrier() {
		RetryRegistry registry = this.registry;
		int version = RetryDrivers.version(registry);
		Cached current = this.retriers.cached;
		if (current != null && current.version == version) {
			return current.retrier;
		}
		Retrier retrier = (isCustomized()
				? RetryDrivers.newRetrier(registry, this.entry, customize(registry.settings(this.entry)))
				: registry.retrier(this.entry))
			.withLabel(this.label);
		this.retriers.cached = new Cached(version, retrier);
		return retrier;
	}

	private boolean isCustomized() {
		return this.retryOn != null || this.giveUpOn != null || this.retryOnResult != null || this.maxTries != null
				|| this.maxTime != null || this.fallback != null || this.listeners != null;
	}

	/** Applies the annotation's attributes over the entry's settings. */
	RetrySettings customize(RetrySettings settings) {
		RetrySettings.Builder builder = settings.toBuilder();
		if (this.retryOn != null) {
			builder.retryOn(this.retryOn);
		}
		if (this.giveUpOn != null) {
			builder.giveUpOn(this.giveUpOn);
		}
		if (this.retryOnResult != null) {
			builder.retryOnResult(this.retryOnResult);
		}
		if (this.maxTries != null) {
			builder.maxTries(this.maxTries);
		}
		if (this.maxTime != null) {
			builder.maxTime(this.maxTime);
		}
		if (this.fallback != null) {
			// a result still rejected at the end is a give-up too: thrown, so the
			// fallback is called
			builder.raiseOnGiveUp(true);
		}
		if (this.listeners != null) {
			this.listeners.forEach(builder::listener);
		}
		return builder.build();
	}

	/** One try down a clone of the invocation, so that the advice inside runs again. */
	private static @Nullable Object proceedClone(ProxyMethodInvocation invocation) throws Throwable {
		return invocation.invocableClone().proceed();
	}

	private record Cached(int version, Retrier retrier) {
	}

	/** The retrier of one method, built for a registry version. */
	private static final class RetrierHolder {

		volatile @Nullable Cached cached;

	}

}
