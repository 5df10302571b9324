package dev.backoff.interceptor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * Retries a {@code @Retryable} method call. Each retry proceeds down a fresh clone of the
 * invocation, so advice inside this one (such as a transaction) runs again per try.
 *
 * @since 0.1.0
 */
public final class RetryableInterceptor implements MethodInterceptor {

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
		RetryRegistry registry = this.methods.registry();
		Runnable firstTrySuccess = method.firstTrySuccess(registry);
		if (firstTrySuccess != null) {
			// the common case, kept small: a success costs one clone of the invocation
			ProxyMethodInvocation snapshot = (ProxyMethodInvocation) proxyInvocation.invocableClone();
			Object result;
			try {
				result = invocation.proceed();
			}
			catch (Throwable failure) {
				return method.retrier(registry)
					.continueAfter(failure, () -> ((ProxyMethodInvocation) snapshot.invocableClone()).proceed(),
							method.label, invocation.getArguments());
			}
			firstTrySuccess.run();
			return result;
		}
		return invokeWithRetrier(proxyInvocation, method, method.retrier(registry));
	}

	private @Nullable Object invokeWithRetrier(ProxyMethodInvocation invocation, RetryableMethod method,
			Retrier retrier) throws Throwable {
		if (!this.methods.registry().isEnabled()) {
			return invocation.proceed();
		}
		Object[] arguments = invocation.getArguments();
		return switch (method.kind) {
			case PLAIN -> retrier.execute(new Tries(invocation), method.label, arguments);
			case STAGE -> retrier.executeAsync(new Tries(invocation)::stage, method.label, arguments);
			case MONO, FLUX -> ReactorRetries.retry(invocation.proceed(), method.kind, retrier, method.label,
					arguments);
		};
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

	/** The tries of one call: the first proceeds, each retry proceeds down a fresh clone. */
	private static final class Tries implements Retrier.Attempt<Object> {

		private final ProxyMethodInvocation snapshot;

		private @Nullable ProxyMethodInvocation first;

		Tries(ProxyMethodInvocation invocation) {
			this.snapshot = (ProxyMethodInvocation) invocation.invocableClone();
			this.first = invocation;
		}

		@Override
		public @Nullable Object call() throws Throwable {
			ProxyMethodInvocation invocation = this.first;
			if (invocation != null) {
				this.first = null;
				return invocation.proceed();
			}
			return this.snapshot.invocableClone().proceed();
		}

		@SuppressWarnings("unchecked")
		CompletionStage<Object> stage() {
			try {
				return (CompletionStage<Object>) call();
			}
			catch (Throwable ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

	}

}
