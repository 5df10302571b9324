package dev.backoff.autoconfigure;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.backoff.annotation.Retryable;
import dev.backoff.interceptor.RetryableAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers what a native image needs to reflect on at run time: the
 * {@code retryOnResult} predicates of {@code @Retryable} methods (instantiated with their
 * no-argument constructor), and the exception types named in {@code @Retryable} and in
 * {@code backoff.*}'s {@code retry-on} and {@code give-up-on} (loaded by name), and the
 * fallback methods (called reflectively when retrying gives up). The annotated methods
 * themselves are covered by {@code @Reflective} on {@link Retryable}. The annotations are
 * read by {@link RetryableAttributes}, as the interceptor reads them.
 *
 * @since 0.1.0
 */
final class BackoffAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		Set<Class<?>> instantiated = new LinkedHashSet<>();
		Set<String> loadedByName = new LinkedHashSet<>();
		Set<Method> invoked = new LinkedHashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			if (type != null) {
				Class<?> beanType = ClassUtils.getUserClass(type);
				Collection<RetryableAttributes> annotations = RetryableAttributes.findAll(beanType).values();
				annotations.forEach((attributes) -> collect(attributes, instantiated, loadedByName));
				collectFallbacks(beanType, annotations, invoked);
			}
		}
		if (beanFactory.containsBean("environment")) {
			Binder.get(beanFactory.getBean(Environment.class))
				.bind("backoff", BackoffProperties.class)
				.ifBound((properties) -> collect(properties, loadedByName));
		}
		if (instantiated.isEmpty() && loadedByName.isEmpty() && invoked.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			invoked.forEach((method) -> reflection.registerMethod(method, ExecutableMode.INVOKE));
			instantiated.forEach((type) -> reflection.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS));
			loadedByName.forEach((type) -> reflection.registerType(TypeReference.of(type)));
		};
	}

	/**
	 * Every method named as a fallback: they are called reflectively when retrying gives
	 * up.
	 */
	private static void collectFallbacks(Class<?> beanType, Collection<RetryableAttributes> annotations,
			Set<Method> invoked) {
		Set<String> names = new LinkedHashSet<>();
		for (RetryableAttributes attributes : annotations) {
			String fallback = attributes.fallback();
			if (fallback != null) {
				names.add(fallback);
			}
		}
		if (!names.isEmpty()) {
			ReflectionUtils.doWithMethods(beanType, invoked::add,
					(method) -> names.contains(method.getName()) && !method.isBridge());
		}
	}

	private static void collect(RetryableAttributes retryable, Set<Class<?>> instantiated, Set<String> loadedByName) {
		Class<?> predicate = retryable.retryOnResult();
		if (predicate != null) {
			instantiated.add(predicate);
		}
		for (Class<?> type : retryable.retryOn()) {
			loadedByName.add(type.getName());
		}
		for (Class<?> type : retryable.giveUpOn()) {
			loadedByName.add(type.getName());
		}
	}

	private static void collect(BackoffProperties properties, Set<String> loadedByName) {
		addTypes(properties.getDefaults(), loadedByName);
		properties.getSettings().values().forEach((entry) -> addTypes(entry, loadedByName));
	}

	private static void addTypes(BackoffProperties.Entry entry, Set<String> loadedByName) {
		addNames(entry.getRetryOn(), loadedByName);
		addNames(entry.getGiveUpOn(), loadedByName);
	}

	private static void addNames(@Nullable List<String> names, Set<String> loadedByName) {
		if (names != null) {
			names.forEach((name) -> loadedByName.add(name.trim()));
		}
	}

}
