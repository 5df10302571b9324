package dev.backoff.interceptor;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import dev.backoff.autoconfigure.InvalidBackoffConfigurationException;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AdvisorChainFactory;

/**
 * Builds a proxy's interceptor chain for one method as the proxy's own factory does, then
 * puts the method's {@link RetryableMethod} where the shared {@link RetryableInterceptor}
 * was. The proxy caches the chain per method, so a call goes straight to its method's
 * advice instead of looking it up on every call.
 */
final class RetryableAdvisorChainFactory implements AdvisorChainFactory, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final AdvisorChainFactory delegate;

	private final RetryableInterceptor interceptor;

	private RetryableAdvisorChainFactory(AdvisorChainFactory delegate, RetryableInterceptor interceptor) {
		this.delegate = delegate;
		this.interceptor = interceptor;
	}

	/**
	 * Returns a factory that binds {@code interceptor} per method on top of {@code delegate},
	 * or {@code delegate} itself if it does so already.
	 */
	static AdvisorChainFactory wrap(AdvisorChainFactory delegate, RetryableInterceptor interceptor) {
		if (delegate instanceof RetryableAdvisorChainFactory existing && existing.interceptor == interceptor) {
			return delegate;
		}
		return new RetryableAdvisorChainFactory(delegate, interceptor);
	}

	@Override
	public List<Object> getInterceptorsAndDynamicInterceptionAdvice(Advised config, Method method,
			@Nullable Class<?> targetClass) {
		List<Object> chain = this.delegate.getInterceptorsAndDynamicInterceptionAdvice(config, method, targetClass);
		int index = chain.indexOf(this.interceptor);
		if (index < 0) {
			return chain;
		}
		RetryableMethod advice;
		try {
			advice = this.interceptor.methodFor(method, targetClass);
		}
		catch (InvalidBackoffConfigurationException ex) {
			// the bean's validation reports it with the others, once the proxy is made
			return chain;
		}
		List<Object> bound = new ArrayList<>(chain);
		bound.set(index, advice);
		return bound;
	}

}
