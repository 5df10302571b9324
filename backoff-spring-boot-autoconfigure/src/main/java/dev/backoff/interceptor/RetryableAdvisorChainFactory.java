package dev.backoff.interceptor;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AdvisorChainFactory;
import org.springframework.aop.support.AopUtils;

/**
 * Builds a proxy's interceptor chain for one method as the proxy's own factory does, then
 * puts the method's {@link RetryableMethod} where the shared {@link RetryableInterceptor}
 * was. The proxy caches the chain per method, so a call goes straight to its method's
 * advice instead of looking it up on every call.
 * <p>
 * The methods were resolved and validated before the proxy was made: a CGLIB proxy asks
 * for its chains while its class is generated, and that class, or a failure to generate
 * it, is cached for the whole JVM. So this factory only looks up what it was given; it
 * never resolves, and never throws.
 */
final class RetryableAdvisorChainFactory implements AdvisorChainFactory, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final AdvisorChainFactory delegate;

	private final RetryableInterceptor interceptor;

	/** The bean's resolved methods, each under its most specific declaration. */
	private final Map<Method, RetryableMethod> resolved;

	private RetryableAdvisorChainFactory(AdvisorChainFactory delegate, RetryableInterceptor interceptor,
			Map<Method, RetryableMethod> resolved) {
		this.delegate = delegate;
		this.interceptor = interceptor;
		this.resolved = resolved;
	}

	/**
	 * Returns a factory that binds {@code interceptor} per method on top of
	 * {@code delegate}.
	 * @param delegate the proxy's own factory
	 * @param interceptor the shared advice to replace
	 * @param resolved the bean's resolved methods, from {@link RetryableMethods#validate}
	 */
	static AdvisorChainFactory wrap(AdvisorChainFactory delegate, RetryableInterceptor interceptor,
			Map<Method, RetryableMethod> resolved) {
		AdvisorChainFactory own = (delegate instanceof RetryableAdvisorChainFactory existing) ? existing.delegate
				: delegate;
		return new RetryableAdvisorChainFactory(own, interceptor, resolved);
	}

	@Override
	public List<Object> getInterceptorsAndDynamicInterceptionAdvice(Advised config, Method method,
			@Nullable Class<?> targetClass) {
		List<Object> chain = this.delegate.getInterceptorsAndDynamicInterceptionAdvice(config, method, targetClass);
		int index = chain.indexOf(this.interceptor);
		if (index < 0) {
			return chain;
		}
		RetryableMethod advice = this.resolved
			.get((targetClass != null) ? AopUtils.getMostSpecificMethod(method, targetClass) : method);
		if (advice == null) {
			// not one the bean's validation resolved: the shared interceptor finds it per
			// call
			return chain;
		}
		List<Object> bound = new ArrayList<>(chain);
		bound.set(index, (index == chain.size() - 1) ? advice.lastInChain() : advice);
		return bound;
	}

}
