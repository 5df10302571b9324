package dev.backoff.interceptor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.backoff.config.InvalidBackoffConfigurationException;
import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import dev.backoff.core.InvalidRetrySettingsException;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Resolves {@code @Retryable} methods once per (method, target class) and caches them;
 * the interceptor's only per-call lookup is this cache. Validates every annotated method
 * of a bean when the bean is created, so a bad annotation stops the application at
 * start-up. The annotation is read by {@link RetryableAttributes}.
 */
final class RetryableMethods {

	private static final boolean reactorPresent = ClassUtils.isPresent("reactor.core.publisher.Mono",
			RetryableMethods.class.getClassLoader());

	private final ConfigurableListableBeanFactory beanFactory;

	private final Supplier<RetryRegistry> registry;

	private final Map<MethodClassKey, RetryableMethod> cache = new ConcurrentHashMap<>(64);

	/**
	 * The first (method, class) resolved per {@link Method}: a lookup without allocating
	 * a key. Only ever added to, so methods shared by several bean classes never write on
	 * a call.
	 */
	private final Map<Method, RetryableMethod> byMethod = new ConcurrentHashMap<>(64);

	private final Map<Class<?>, Map<Method, RetryableMethod>> validated = new ConcurrentHashMap<>();

	RetryableMethods(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		this.registry = SingletonSupplier.of(() -> beanFactory.getBean(RetryRegistry.class));
	}

	RetryRegistry registry() {
		return this.registry.get();
	}

	/** Returns the resolved method; resolves it on first use. */
	RetryableMethod get(Method method, Class<?> targetClass) {
		RetryableMethod last = this.byMethod.get(method);
		if (last != null && last.targetClass == targetClass) {
			return last;
		}
		return get(method, targetClass, null);
	}

	/**
	 * Returns the resolved method; resolves it on first use from {@code attributes}, or
	 * from the annotation if they are {@code null}.
	 */
	private RetryableMethod get(Method method, Class<?> targetClass, @Nullable RetryableAttributes attributes) {
		MethodClassKey key = new MethodClassKey(method, targetClass);
		RetryableMethod resolved = this.cache.get(key);
		if (resolved == null) {
			resolved = this.cache.computeIfAbsent(key, (k) -> resolveOrThrow(method, targetClass,
					(attributes != null) ? attributes : attributesOf(method, targetClass)));
		}
		this.byMethod.putIfAbsent(method, resolved);
		return resolved;
	}

	/**
	 * Resolves every {@code @Retryable} method of a bean class, caching them.
	 * @return the methods a proxy can intercept, each under its most specific declaration
	 * @throws InvalidBackoffConfigurationException listing every invalid annotation
	 */
	Map<Method, RetryableMethod> validate(Class<?> targetClass, boolean interfaceProxy) {
		Map<Method, RetryableMethod> known = this.validated.get(targetClass);
		if (known != null) {
			return known;
		}
		Map<Method, RetryableMethod> resolved = new LinkedHashMap<>();
		List<Problem> problems = new ArrayList<>();
		RetryableAttributes.findAll(targetClass).forEach((method, attributes) -> {
			String label = label(method, targetClass);
			String unreachable = unreachable(method, targetClass, interfaceProxy);
			if (unreachable != null && (attributes.onMethod() || Modifier.isPublic(method.getModifiers()))) {
				problems.add(new Problem("@Retryable on " + label + " cannot take effect: " + unreachable,
						"Make " + label + " a non-final, non-static instance method that the proxy can intercept"
								+ (interfaceProxy ? " (declared on an interface of the bean, or set "
										+ "spring.aop.proxy-target-class=true)" : "")
								+ ", or remove @Retryable from it."));
				return;
			}
			if (unreachable == null) {
				try {
					// resolving builds the method's retrier now, so its target is
					// announced at start-up
					RetryableMethod advice = get(method, targetClass, attributes);
					advice.retrier();
					resolved.putIfAbsent(AopUtils.getMostSpecificMethod(method, targetClass), advice);
				}
				catch (InvalidBackoffConfigurationException ex) {
					problems.addAll(ex.getProblems());
				}
			}
		});
		if (!problems.isEmpty()) {
			throw new InvalidBackoffConfigurationException(problems);
		}
		known = Collections.unmodifiableMap(resolved);
		this.validated.put(targetClass, known);
		return known;
	}

	/** Why a proxy cannot intercept calls of the method, or {@code null} if it can. */
	private static @Nullable String unreachable(Method method, Class<?> targetClass, boolean interfaceProxy) {
		int modifiers = method.getModifiers();
		if (Modifier.isStatic(modifiers)) {
			return "it is static, and proxies intercept instance methods only";
		}
		if (Modifier.isPrivate(modifiers)) {
			return "it is private, and proxies cannot intercept private methods";
		}
		if (interfaceProxy) {
			for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
				if (ClassUtils.hasMethod(type, method.getName(), method.getParameterTypes())) {
					return null;
				}
			}
			return "the bean is proxied through its interfaces (JDK proxy), and no interface declares this method";
		}
		if (Modifier.isFinal(modifiers)) {
			return "it is final, and a class-based (CGLIB) proxy cannot override it";
		}
		return null;
	}

	private static RetryableAttributes attributesOf(Method method, Class<?> targetClass) {
		RetryableAttributes attributes = RetryableAttributes.find(method, targetClass);
		if (attributes == null) {
			throw new IllegalStateException("No @Retryable on " + label(method, targetClass));
		}
		return attributes;
	}

	private static String label(Method method, Class<?> targetClass) {
		return ClassUtils.getUserClass(targetClass).getSimpleName() + "#" + method.getName();
	}

	private RetryableMethod resolveOrThrow(Method method, Class<?> targetClass, RetryableAttributes retryable) {
		String label = label(method, targetClass);
		List<Problem> problems = new ArrayList<>();
		String entry = retryable.settings();
		RetryRegistry registry = registry();
		if (!registry.contains(entry)) {
			problems.add(new Problem(
					"@Retryable on " + label + " names settings '" + entry + "', which do not exist (the entries are "
							+ registry.names() + ")",
					"Add backoff.settings." + entry + ".* to your configuration, or name one of " + registry.names()
							+ " in @Retryable on " + label + "."));
		}
		Integer maxTries = parse(retryable.maxTries(), "maxTries", label, problems, (text) -> {
			int value = Integer.parseInt(text);
			if (value < 1) {
				throw new InvalidRetrySettingsException("maxTries", value, "at least 1");
			}
			return value;
		}, "a whole number, at least 1");
		Duration maxTime = parse(retryable.maxTime(), "maxTime", label, problems, (text) -> {
			Duration value = DurationStyle.detectAndParse(text);
			if (value.isNegative() || value.isZero()) {
				throw new InvalidRetrySettingsException("maxTime", value, "positive");
			}
			return value;
		}, "a positive duration such as 5s or 500ms");
		RetryableMethod.Kind kind = kind(AopUtils.getMostSpecificMethod(method, targetClass).getReturnType());
		Class<? extends Predicate<?>> predicateType = retryable.retryOnResult();
		Predicate<?> retryOnResult = (predicateType != null) ? predicate(predicateType) : null;
		if (kind == RetryableMethod.Kind.FLUX && predicateType != null) {
			problems.add(new Problem(
					"@Retryable(retryOnResult = " + predicateType.getSimpleName() + ") on " + label
							+ " cannot apply to a Flux, whose elements are not one result",
					"Remove retryOnResult from @Retryable on " + label + ", or return a Mono."));
		}
		FallbackMethod fallback = null;
		String fallbackName = retryable.fallback();
		if (fallbackName != null) {
			try {
				fallback = FallbackMethod.resolve(method, targetClass, fallbackName, kind, label);
			}
			catch (FallbackMethod.FallbackProblem ex) {
				problems.add(ex.problem);
			}
		}
		List<RetryListener> listeners = listeners(retryable, label, problems);
		RetryableMethod resolved = new RetryableMethod(registry, targetClass, entry, label, kind,
				types(retryable.retryOn()), types(retryable.giveUpOn()), retryOnResult, maxTries, maxTime, fallback,
				listeners);
		if (problems.isEmpty() && registry.contains(entry)) {
			try {
				resolved.customize(registry.settings(entry));
			}
			catch (InvalidRetrySettingsException ex) {
				problems.add(Problem.ofValue("@Retryable on " + label + ": " + ex.getSetting(), ex.getValue(),
						ex.getRequirement()));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidBackoffConfigurationException(problems);
		}
		return resolved;
	}

	private <T> @Nullable T parse(@Nullable String attribute, String name, String label, List<Problem> problems,
			Parser<T> parser, String requirement) {
		if (attribute == null) {
			return null;
		}
		String text;
		try {
			text = this.beanFactory.resolveEmbeddedValue(attribute);
		}
		catch (IllegalArgumentException ex) {
			text = null;
		}
		if (text == null || text.contains("${")) {
			problems.add(new Problem(
					"@Retryable(" + name + " = \"" + attribute + "\") on " + label
							+ " names a property that is not set",
					"Set the property that " + attribute + " names, or give it a default with ${name:default}."));
			return null;
		}
		try {
			return parser.parse(text.trim());
		}
		catch (RuntimeException ex) {
			String resolvedNote = attribute.equals(text) ? "" : " (resolved from \"" + attribute + "\")";
			problems.add(new Problem(
					"@Retryable(" + name + ") on " + label + " was '" + text + "'" + resolvedNote + " but it must be "
							+ requirement,
					"Change " + name + " of @Retryable on " + label + " (or the property it names) to " + requirement
							+ "."));
			return null;
		}
	}

	/**
	 * The annotation's listener beans, or {@code null} for none; a name that is no
	 * listener bean is a problem.
	 */
	private @Nullable List<RetryListener> listeners(RetryableAttributes retryable, String label,
			List<Problem> problems) {
		if (retryable.listeners().isEmpty()) {
			return null;
		}
		List<RetryListener> listeners = new ArrayList<>();
		for (String name : retryable.listeners()) {
			if (this.beanFactory.containsBean(name) && this.beanFactory.isTypeMatch(name, RetryListener.class)) {
				listeners.add(this.beanFactory.getBean(name, RetryListener.class));
			}
			else {
				problems.add(Problem.ofUnknownBean("@Retryable(listeners) on " + label, name, RetryListener.class,
						List.of(this.beanFactory.getBeanNamesForType(RetryListener.class))));
			}
		}
		return listeners;
	}

	private static @Nullable List<Class<? extends Throwable>> types(List<Class<? extends Throwable>> types) {
		return types.isEmpty() ? null : types;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private Predicate<?> predicate(Class<? extends Predicate<?>> type) {
		return (Predicate<?>) this.beanFactory.getBeanProvider((Class) type)
			.getIfUnique(() -> BeanUtils.instantiateClass(type));
	}

	private static RetryableMethod.Kind kind(Class<?> returnType) {
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			return RetryableMethod.Kind.STAGE;
		}
		if (reactorPresent) {
			RetryableMethod.Kind kind = ReactorRetries.kind(returnType);
			if (kind != null) {
				return kind;
			}
		}
		return RetryableMethod.Kind.PLAIN;
	}

	@FunctionalInterface
	private interface Parser<T> {

		T parse(String text);

	}

}
