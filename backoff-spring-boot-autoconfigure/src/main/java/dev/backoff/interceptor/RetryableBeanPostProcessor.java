package dev.backoff.interceptor;

import dev.backoff.annotation.Retryable;

import org.springframework.aop.Pointcut;
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

	public RetryableBeanPostProcessor() {
		setBeforeExistingAdvisors(true);
		setOrder(Ordered.LOWEST_PRECEDENCE);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		this.methods = new RetryableMethods((ConfigurableListableBeanFactory) beanFactory);
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut(), new RetryableInterceptor(this.methods));
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE);
		this.advisor = advisor;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Object result = super.postProcessAfterInitialization(bean, beanName);
		if (result != bean || isEligible(bean, beanName)) {
			this.methods.validate(AopUtils.getTargetClass(bean));
		}
		return result;
	}

	private static Pointcut pointcut() {
		Pointcut onType = new AnnotationMatchingPointcut(Retryable.class, true);
		Pointcut onMethod = new AnnotationMatchingPointcut(null, Retryable.class, true);
		return new ComposablePointcut(onType).union(onMethod);
	}

}
