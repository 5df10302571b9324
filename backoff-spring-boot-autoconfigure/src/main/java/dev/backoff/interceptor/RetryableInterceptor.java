package dev.backoff.interceptor;

import java.lang.reflect.Method;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The advice of the {@code @Retryable} advisor: finds the called method's
 * {@link RetryableMethod}, which retries the call. Proxies made or advised by
 * {@link RetryableBeanPostProcessor} skip this lookup: their chain for each method holds
 * that method's {@code RetryableMethod} instead (see
 * {@link RetryableAdvisorChainFactory}).
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
		Object target = invocation.getThis();
		return methodFor(invocation.getMethod(), (target != null) ? target.getClass() : null).invoke(invocation);
	}

	/**
	 * Returns what advises calls of {@code method} on a target of {@code targetClass}.
	 * The target's own class is the right key: resolution unwraps CGLIB classes.
	 * @param method the called method, as the proxy sees it
	 * @param targetClass the target's class, or {@code null} if unknown
	 * @return the resolved method
	 */
	RetryableMethod methodFor(Method method, @Nullable Class<?> targetClass) {
		return this.methods.get(method, (targetClass != null) ? targetClass : method.getDeclaringClass());
	}

}
