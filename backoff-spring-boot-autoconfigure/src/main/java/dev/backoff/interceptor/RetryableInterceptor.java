package dev.backoff.interceptor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;

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
		RetryRegistry registry = this.methods.registry();
		if (!registry.isEnabled() || !(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			return invocation.proceed();
		}
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target)
				: invocation.getMethod().getDeclaringClass();
		RetryableMethod method = this.methods.get(invocation.getMethod(), targetClass);
		Retrier retrier = method.retrier(registry);
		Object[] arguments = invocation.getArguments();
		return switch (method.kind) {
			case PLAIN -> retrier.execute(new Tries(proxyInvocation), method.label, arguments);
			case STAGE -> retrier.executeAsync(new Tries(proxyInvocation)::stage, method.label, arguments);
			case MONO, FLUX -> ReactorRetries.retry(invocation.proceed(), method.kind, retrier, method.label,
					arguments);
		};
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
