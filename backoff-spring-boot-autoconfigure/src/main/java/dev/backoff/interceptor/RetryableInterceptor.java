package dev.backoff.interceptor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import dev.backoff.core.Retrier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * Retries a {@code @Retryable} method call: it only makes tries, the engine decides. Each
 * try proceeds down a fresh clone of the invocation, so advice inside this one (such as a
 * transaction) runs again per try, and the original invocation is never consumed.
 *
 * @since 0.1.0
 */
public final class RetryableInterceptor implements MethodInterceptor {

	/** One try: a clone of the invocation, proceeded. Stateless, so no closure per call. */
	private static final Retrier.Attempt<ProxyMethodInvocation, @Nullable Object> TRY = (invocation) -> invocation
		.invocableClone()
		.proceed();

	private final RetryableMethods methods;

	RetryableInterceptor(RetryableMethods methods) {
		this.methods = methods;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			return invocation.proceed();
		}
		RetryableMethod method = this.methods.get(invocation.getMethod(), targetClass(invocation));
		Retrier retrier = method.retrier(this.methods.registry());
		Object[] arguments = invocation.getArguments();
		FallbackMethod fallback = method.fallback;
		if (fallback != null) {
			return withFallback(proxyInvocation, method, retrier, fallback);
		}
		return switch (method.kind) {
			case PLAIN -> retrier.execute(proxyInvocation, TRY, arguments);
			case STAGE -> retrier.executeAsync(() -> stage(proxyInvocation), arguments);
			case MONO, FLUX -> ReactorRetries.retry(TRY.call(proxyInvocation), retrier, arguments);
		};
	}

	/** The same retrying, with the fallback called instead of handing over the final failure. */
	private static @Nullable Object withFallback(ProxyMethodInvocation invocation, RetryableMethod method,
			Retrier retrier, FallbackMethod fallback) throws Throwable {
		Object target = invocation.getThis();
		Object[] arguments = invocation.getArguments();
		return switch (method.kind) {
			case PLAIN -> {
				try {
					yield retrier.execute(invocation, TRY, arguments);
				}
				catch (Throwable failure) {
					yield fallback.invoke(target, arguments, failure);
				}
			}
			case STAGE -> retrier.executeAsync(() -> stage(invocation), arguments)
				.exceptionallyCompose((failure) -> fallbackStage(fallback, target, arguments, failure));
			case MONO, FLUX -> ReactorRetries.withFallback(ReactorRetries.retry(TRY.call(invocation), retrier, arguments),
					(failure) -> fallback.invoke(target, arguments, failure));
		};
	}

	@SuppressWarnings("unchecked")
	private static CompletionStage<Object> fallbackStage(FallbackMethod fallback, @Nullable Object target,
			Object[] arguments, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		try {
			return (CompletionStage<Object>) fallback.invoke(target, arguments, cause);
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static CompletionStage<Object> stage(ProxyMethodInvocation invocation) {
		try {
			return (CompletionStage<Object>) TRY.call(invocation);
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * The class the method is resolved against. {@code getThis()} is the proxy's target, not a
	 * proxy, so its own class is the right key ({@code AopUtils.getTargetClass} would cost as
	 * much again as the rest of the call); resolution unwraps CGLIB classes anyway.
	 */
	private static Class<?> targetClass(MethodInvocation invocation) {
		Object target = invocation.getThis();
		return (target != null) ? target.getClass() : invocation.getMethod().getDeclaringClass();
	}

}
