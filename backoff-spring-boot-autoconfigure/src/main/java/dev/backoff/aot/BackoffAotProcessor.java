package dev.backoff.aot;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import dev.backoff.annotation.Retryable;
import dev.backoff.autoconfigure.BackoffProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers what a native image needs to reflect on at run time: the
 * {@code retryOnResult} predicates of {@code @Retryable} methods (instantiated with their
 * no-argument constructor), and the exception types named in {@code @Retryable} and in
 * {@code backoff.*}'s {@code retry-on} and {@code give-up-on} (loaded by name), and the
 * fallback methods (called reflectively when retrying gives up). The annotated methods
 * themselves are covered by {@code @Reflective} on {@link Retryable}.
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
				collect(ClassUtils.getUserClass(type), instantiated, loadedByName);
				collectFallbacks(ClassUtils.getUserClass(type), invoked);
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

	private static void collect(Class<?> beanType, Set<Class<?>> instantiated, Set<String> loadedByName) {
		Retryable onType = AnnotatedElementUtils.findMergedAnnotation(beanType, Retryable.class);
		if (onType != null) {
			collect(onType, instantiated, loadedByName);
		}
		ReflectionUtils.doWithMethods(beanType, (Method method) -> {
			Retryable retryable = AnnotatedElementUtils.findMergedAnnotation(method, Retryable.class);
			if (retryable != null) {
				collect(retryable, instantiated, loadedByName);
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
	}

	/**
	 * Every method named as a fallback: they are called reflectively when retrying gives
	 * up.
	 */
	private static void collectFallbacks(Class<?> beanType, Set<Method> invoked) {
		Set<String> names = new LinkedHashSet<>();
		ReflectionUtils.doWithMethods(beanType, (Method method) -> {
			Retryable retryable = AnnotatedElementUtils.findMergedAnnotation(method, Retryable.class);
			if (retryable != null && !retryable.fallback().isEmpty()) {
				names.add(retryable.fallback());
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		if (!names.isEmpty()) {
			ReflectionUtils.doWithMethods(beanType, invoked::add,
					(method) -> names.contains(method.getName()) && !method.isBridge());
		}
	}

	private static void collect(Retryable retryable, Set<Class<?>> instantiated, Set<String> loadedByName) {
		if (retryable.retryOnResult() != Predicate.class) {
			instantiated.add(retryable.retryOnResult());
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
