package dev.backoff.interceptor;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.backoff.annotation.Retryable;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * The attributes of the {@link Retryable @Retryable} that applies to a method of a bean
 * class. This is the one place that reads the annotation: the interceptor, the start-up
 * validation, the pointcut, the ahead-of-time hints and the listener bean names all see
 * the same annotation for a method.
 * <p>
 * The annotation that applies is the first found of: the most specific method (the bean
 * class's own declaration, or a method it overrides), the bean class (or a class or
 * interface it extends), the method as called, and the type that declares it. Composed
 * annotations are merged. An attribute left at its default is {@code null} or empty,
 * meaning "keep the entry's value".
 *
 * @param settings the settings entry's name
 * @param retryOn the failure types that are retried; empty to keep the entry's
 * @param giveUpOn the failure types that end retrying; empty to keep the entry's
 * @param retryOnResult the predicate class on results, or {@code null} for none
 * @param maxTries the max-tries text, placeholders unresolved, or {@code null} if unset
 * @param maxTime the max-time text, placeholders unresolved, or {@code null} if unset
 * @param fallback the fallback method's name, or {@code null} for none
 * @param listeners the listener bean names, trimmed, in order
 * @param onMethod whether the annotation is on the method (or one it overrides) rather
 * than on a type
 * @since 0.1.0
 */
public record RetryableAttributes(String settings, List<Class<? extends Throwable>> retryOn,
		List<Class<? extends Throwable>> giveUpOn, @Nullable Class<? extends Predicate<?>> retryOnResult,
		@Nullable String maxTries, @Nullable String maxTime, @Nullable String fallback, List<String> listeners,
		boolean onMethod) {

	/**
	 * Returns the attributes of the {@code @Retryable} that applies to calls of
	 * {@code method} on a bean of {@code targetClass}.
	 * @param method the method, as declared or as a proxy sees it
	 * @param targetClass the bean's class (a CGLIB subclass is unwrapped)
	 * @return the attributes, or {@code null} if no {@code @Retryable} applies
	 */
	public static @Nullable RetryableAttributes find(Method method, Class<?> targetClass) {
		return find(method, targetClass, onType(ClassUtils.getUserClass(targetClass)));
	}

	/**
	 * Returns the attributes of every method of {@code targetClass} that a
	 * {@code @Retryable} applies to: its own and inherited methods, those of
	 * {@code Object} and bridge methods left out, whatever their visibility.
	 * @param targetClass the bean's class (a CGLIB subclass is unwrapped)
	 * @return the attributes by method, in the order of
	 * {@link ReflectionUtils#doWithMethods}; empty if none applies
	 */
	public static Map<Method, RetryableAttributes> findAll(Class<?> targetClass) {
		return ALL.get(targetClass);
	}

	/**
	 * Every class's annotated methods, read once for the whole JVM: annotations do not
	 * change, and a class value goes away with its class. Every context of a test suite
	 * reads the same classes (the listener names are read from every bean class at
	 * start-up), so each context after the first finds them here.
	 */
	private static final ClassValue<Map<Method, RetryableAttributes>> ALL = new ClassValue<>() {

		@Override
		protected Map<Method, RetryableAttributes> computeValue(Class<?> type) {
			return scan(type);
		}

	};

	private static Map<Method, RetryableAttributes> scan(Class<?> targetClass) {
		if (!isCandidate(targetClass)) {
			return Collections.emptyMap();
		}
		Retryable onType = onType(ClassUtils.getUserClass(targetClass));
		Map<Method, RetryableAttributes> found = new LinkedHashMap<>();
		ReflectionUtils.doWithMethods(targetClass, (method) -> {
			RetryableAttributes attributes = find(method, targetClass, onType);
			if (attributes != null) {
				found.put(method, attributes);
			}
		}, ReflectionUtils.USER_DECLARED_METHODS);
		return found.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(found);
	}

	/**
	 * Returns whether {@code type} may have {@code @Retryable} methods at all: a cheap
	 * check that rules out types such as the JDK's.
	 * @param type a class
	 * @return {@code false} if no method of it can be annotated
	 */
	private static boolean isCandidate(Class<?> type) {
		return AnnotationUtils.isCandidateClass(type, Retryable.class);
	}

	private static @Nullable RetryableAttributes find(Method method, Class<?> targetClass,
			@Nullable Retryable onUserClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		Retryable retryable = AnnotatedElementUtils.findMergedAnnotation(specific, Retryable.class);
		if (retryable != null) {
			return of(retryable, true);
		}
		retryable = onUserClass;
		if (retryable == null && specific != method) {
			retryable = AnnotatedElementUtils.findMergedAnnotation(method, Retryable.class);
		}
		if (retryable == null) {
			retryable = onType(method.getDeclaringClass());
		}
		return (retryable != null) ? of(retryable, false) : null;
	}

	private static @Nullable Retryable onType(Class<?> type) {
		return AnnotatedElementUtils.findMergedAnnotation(type, Retryable.class);
	}

	@SuppressWarnings("unchecked")
	private static RetryableAttributes of(Retryable retryable, boolean onMethod) {
		Class<?> predicate = retryable.retryOnResult();
		return new RetryableAttributes(retryable.settings(), List.of(retryable.retryOn()),
				List.of(retryable.giveUpOn()),
				(predicate != Predicate.class) ? (Class<? extends Predicate<?>>) predicate : null,
				textOrNull(retryable.maxTries()), textOrNull(retryable.maxTime()), textOrNull(retryable.fallback()),
				Stream.of(retryable.listeners()).map(String::trim).toList(), onMethod);
	}

	private static @Nullable String textOrNull(String attribute) {
		return StringUtils.hasText(attribute) ? attribute : null;
	}

}
