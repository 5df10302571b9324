package dev.backoff.interceptor;

import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.aop.target.SingletonTargetSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Applies {@code @Retryable} to beans with {@code @Retryable} methods or types, as
 * Spring's own {@code @Async} support does: the advice goes before any existing advisors
 * (so retrying wraps {@code @Transactional}), on a JDK or CGLIB proxy. Each bean's
 * annotated methods are resolved and validated when the bean is created.
 * <p>
 * A call finds its method's retrying advice without a lookup: a proxy made here builds
 * each method's chain with that method's advice in it
 * ({@link RetryableAdvisorChainFactory}); a bean that another post-processor has already
 * proxied gets one advisor per annotated method.
 *
 * @since 0.1.0
 */
public class RetryableBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final long serialVersionUID = 1L;

	@SuppressWarnings("NullAway.Init") // set in setBeanFactory, which the container calls
										// before any other method
	private transient RetryableMethods methods;

	@SuppressWarnings("NullAway.Init") // set in setBeanFactory, likewise
	private transient RetryableInterceptor interceptor;

	private @Nullable Integer advisorOrder;

	@SuppressWarnings("this-escape") // the superclass's setters only store their values
	public RetryableBeanPostProcessor() {
		setBeforeExistingAdvisors(true);
		setOrder(Ordered.LOWEST_PRECEDENCE);
	}

	/**
	 * Sets where the retry advice goes among a bean's other advisors: by this order
	 * (lower is outer). Unset by default: before every existing advisor, so retrying
	 * wraps {@code @Transactional} and each try gets its own transaction.
	 * @param advisorOrder the order, or {@code null} for outermost
	 */
	public void setAdvisorOrder(@Nullable Integer advisorOrder) {
		this.advisorOrder = advisorOrder;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.methods = new RetryableMethods((ConfigurableListableBeanFactory) beanFactory);
		this.interceptor = new RetryableInterceptor(this.methods);
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut(), this.interceptor);
		advisor.setOrder(advisorOrder());
		this.advisor = advisor;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (this.advisor != null && bean instanceof Advised advised && !(bean instanceof AopInfrastructureBean)
				&& !advised.isFrozen() && isEligible(AopUtils.getTargetClass(bean))) {
			adviseExisting(advised, AopUtils.getTargetClass(bean), AopUtils.isJdkDynamicProxy(bean));
			return bean;
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	/**
	 * Adds one advisor per annotated method to a proxy that another post-processor made
	 * (its chain factory is not ours to replace), where the order says.
	 */
	private void adviseExisting(Advised advised, Class<?> targetClass, boolean interfaceProxy) {
		Map<Method, RetryableMethod> resolved = this.methods.validate(targetClass, interfaceProxy);
		int position = (this.advisorOrder != null) ? positionByOrder(advised, this.advisorOrder) : 0;
		resolved.forEach((method, advice) -> {
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new OneMethod(method), advice);
			advisor.setOrder(advisorOrder());
			advised.addAdvisor(position, advisor);
		});
	}

	/**
	 * Resolves and validates the bean's annotated methods before its proxy is made, and
	 * lets the proxy's chain for each method hold that method's advice: no lookup per
	 * call. Nothing that can fail, or that belongs to one context, may run while the
	 * proxy class is generated: CGLIB caches that class (and a failure to make it) for
	 * the whole JVM. When Spring only predicts the proxy's type (ahead-of-time
	 * processing, type matching), there is no bean yet, and nothing is resolved.
	 */
	@Override
	protected void customizeProxyFactory(ProxyFactory proxyFactory) {
		Class<?> targetClass = proxyFactory.getTargetClass();
		if (targetClass == null || !(proxyFactory.getTargetSource() instanceof SingletonTargetSource)) {
			return;
		}
		Map<Method, RetryableMethod> resolved = this.methods.validate(targetClass, isInterfaceProxy(proxyFactory));
		proxyFactory.setAdvisorChainFactory(
				RetryableAdvisorChainFactory.wrap(proxyFactory.getAdvisorChainFactory(), this.interceptor, resolved));
	}

	/**
	 * Whether the proxy about to be made implements the bean's interfaces (a JDK proxy).
	 */
	private static boolean isInterfaceProxy(ProxyFactory proxyFactory) {
		return !proxyFactory.isOptimize() && !proxyFactory.isProxyTargetClass()
				&& proxyFactory.getProxiedInterfaces().length > 0;
	}

	private int advisorOrder() {
		return (this.advisorOrder != null) ? this.advisorOrder : Ordered.HIGHEST_PRECEDENCE;
	}

	/** The index of the first existing advisor that is ordered after {@code order}. */
	private static int positionByOrder(Advised advised, int order) {
		Advisor[] advisors = advised.getAdvisors();
		for (int i = 0; i < advisors.length; i++) {
			int existing = (advisors[i] instanceof Ordered ordered) ? ordered.getOrder() : Ordered.LOWEST_PRECEDENCE;
			if (existing > order) {
				return i;
			}
		}
		return advisors.length;
	}

	/**
	 * Methods that a {@code @Retryable} applies to, as {@link RetryableAttributes} finds
	 * it: annotated, or of an annotated type.
	 */
	static Pointcut pointcut() {
		return AnnotatedMethods.INSTANCE;
	}

	/**
	 * Matches the methods that a {@code @Retryable} applies to. One instance, equal to
	 * any other, so that beans of one class share one CGLIB proxy class across contexts
	 * (the proxy class cache compares the advisors' pointcuts).
	 */
	private static final class AnnotatedMethods extends StaticMethodMatcherPointcut {

		static final AnnotatedMethods INSTANCE = new AnnotatedMethods();

		private AnnotatedMethods() {
			// the class's annotated methods, read once per class for the whole JVM: a
			// class without any is ruled out before each of its methods is matched
			setClassFilter((type) -> !RetryableAttributes.findAll(ClassUtils.getUserClass(type)).isEmpty());
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return RetryableAttributes.find(method, targetClass) != null;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof AnnotatedMethods;
		}

		@Override
		public int hashCode() {
			return AnnotatedMethods.class.hashCode();
		}

	}

	/**
	 * Matches calls of one method of the target class, also through an interface's
	 * method.
	 */
	private static final class OneMethod extends StaticMethodMatcherPointcut {

		private final Method method;

		OneMethod(Method method) {
			this.method = method;
		}

		@Override
		public boolean matches(Method candidate, Class<?> targetClass) {
			return candidate.equals(this.method)
					|| AopUtils.getMostSpecificMethod(candidate, targetClass).equals(this.method);
		}

	}

}
