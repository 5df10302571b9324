package dev.backoff.interceptor;

import dev.backoff.annotation.Retryable;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Applies {@link RetryableInterceptor} to beans with {@code @Retryable} methods or types, as
 * Spring's own {@code @Async} support does: the advice goes before any existing advisors
 * (so retrying wraps {@code @Transactional}), on a JDK or CGLIB proxy. Each bean's annotated
 * methods are resolved and validated when the bean is created.
 *
 * @since 0.1.0
 */
public class RetryableBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final long serialVersionUID = 1L;

	private transient RetryableMethods methods;

	private @Nullable Integer advisorOrder;

	public RetryableBeanPostProcessor() {
		setBeforeExistingAdvisors(true);
		setOrder(Ordered.LOWEST_PRECEDENCE);
	}

	/**
	 * Sets where the retry advice goes among a bean's other advisors: by this order (lower is
	 * outer). Unset by default: before every existing advisor, so retrying wraps
	 * {@code @Transactional} and each try gets its own transaction.
	 * @param advisorOrder the order, or {@code null} for outermost
	 */
	public void setAdvisorOrder(@Nullable Integer advisorOrder) {
		this.advisorOrder = advisorOrder;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.methods = new RetryableMethods((ConfigurableListableBeanFactory) beanFactory);
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut(), new RetryableInterceptor(this.methods));
		advisor.setOrder((this.advisorOrder != null) ? this.advisorOrder : Ordered.HIGHEST_PRECEDENCE);
		this.advisor = advisor;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Object result;
		if (this.advisorOrder != null && this.advisor != null && bean instanceof Advised advised && !advised.isFrozen()
				&& isEligible(AopUtils.getTargetClass(bean))) {
			advised.addAdvisor(positionByOrder(advised, this.advisorOrder), this.advisor);
			result = bean;
		}
		else {
			result = super.postProcessAfterInitialization(bean, beanName);
		}
		if (result != bean || isEligible(bean, beanName)) {
			this.methods.validate(AopUtils.getTargetClass(bean), AopUtils.isJdkDynamicProxy(result));
		}
		return result;
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

	private static Pointcut pointcut() {
		Pointcut onType = new AnnotationMatchingPointcut(Retryable.class, true);
		Pointcut onMethod = new AnnotationMatchingPointcut(null, Retryable.class, true);
		return new ComposablePointcut(onType).union(onMethod);
	}

}
