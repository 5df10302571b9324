package dev.backoff.interceptor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import dev.backoff.config.InvalidBackoffConfigurationException.Problem;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The fallback of a {@code @Retryable} method: the method of the same bean class named by
 * {@code fallback}, called when retrying gives up, whose value is returned instead.
 * <p>
 * The rule, explicit by design (Spring Retry's implicit {@code @Recover} matching is a
 * known source of surprises): a candidate has the fallback's name, takes exactly the
 * annotated method's parameter types (generics resolved against the bean class),
 * optionally followed by one parameter for the final exception, and returns the annotated
 * method's type (for a {@code CompletionStage} or {@code Mono}/{@code Flux} method, that
 * type or its value type). Among the candidates that take an exception, the one whose
 * exception type is the closest superclass of the actual failure wins; a candidate
 * without one is used when none of those fits. Resolved once, when the bean is created.
 */
final class FallbackMethod {

	private final List<Candidate> candidates;

	private final RetryableMethod.Kind kind;

	private FallbackMethod(List<Candidate> candidates, RetryableMethod.Kind kind) {
		this.candidates = candidates;
		this.kind = kind;
	}

	/**
	 * Resolves the fallback of {@code annotated}.
	 * @return the fallback
	 * @throws FallbackProblem if no method of that name fits
	 */
	static FallbackMethod resolve(Method annotated, Class<?> targetClass, String name, RetryableMethod.Kind kind,
			String label) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		List<ResolvableType> parameters = new ArrayList<>();
		for (int i = 0; i < annotated.getParameterCount(); i++) {
			parameters.add(ResolvableType.forMethodParameter(annotated, i, userClass));
		}
		ResolvableType returned = ResolvableType.forMethodReturnType(annotated, userClass);
		List<Candidate> candidates = new ArrayList<>();
		ReflectionUtils.doWithMethods(userClass, (method) -> {
			Class<?> failureType = fits(method, userClass, parameters, returned, kind);
			if (failureType != null) {
				ReflectionUtils.makeAccessible(method);
				candidates.add(new Candidate(method, (failureType != Void.class) ? failureType : null));
			}
		}, (method) -> method.getName().equals(name) && !method.isBridge());
		if (candidates.isEmpty()) {
			String types = parameters.stream().map(ResolvableType::toString).collect(Collectors.joining(", "));
			String withFailure = types.isEmpty() ? "(a Throwable)" : "(" + types + ", a Throwable)";
			throw new FallbackProblem(new Problem(
					"@Retryable(fallback = \"" + name + "\") on " + label + " names no method of "
							+ userClass.getSimpleName() + " that takes (" + types + ") or " + withFailure
							+ " and returns " + returned,
					"Add such a method to " + userClass.getSimpleName()
							+ ", or correct the fallback name in @Retryable on " + label + "."));
		}
		return new FallbackMethod(List.copyOf(candidates), kind);
	}

	/**
	 * The exception type the candidate takes, {@code Void} if none, {@code null} if it
	 * does not fit.
	 */
	private static @Nullable Class<?> fits(Method method, Class<?> userClass, List<ResolvableType> parameters,
			ResolvableType returned, RetryableMethod.Kind kind) {
		int count = method.getParameterCount();
		if (count != parameters.size() && count != parameters.size() + 1) {
			return null;
		}
		for (int i = 0; i < parameters.size(); i++) {
			if (!ResolvableType.forMethodParameter(method, i, userClass).equalsType(parameters.get(i))) {
				return null;
			}
		}
		Class<?> failureType = Void.class;
		if (count == parameters.size() + 1) {
			failureType = method.getParameterTypes()[count - 1];
			if (!Throwable.class.isAssignableFrom(failureType)) {
				return null;
			}
		}
		return returnFits(ResolvableType.forMethodReturnType(method, userClass), returned, kind) ? failureType : null;
	}

	private static boolean returnFits(ResolvableType candidate, ResolvableType returned, RetryableMethod.Kind kind) {
		if (returned.isAssignableFrom(candidate)) {
			return true;
		}
		if (kind == RetryableMethod.Kind.PLAIN) {
			return false;
		}
		// an asynchronous or reactive method's fallback may return the value itself
		ResolvableType value = returned.getGeneric(0);
		return value != ResolvableType.NONE && value.toClass().isAssignableFrom(candidate.toClass());
	}

	/**
	 * Calls the fallback for a call that gave up with {@code failure}, adapting a plain
	 * value to the method's asynchronous or reactive type.
	 * @return what the method returns instead
	 * @throws Throwable what the fallback throws, unwrapped
	 */
	@Nullable Object invoke(@Nullable Object target, @Nullable Object[] arguments, Throwable failure) throws Throwable {
		Candidate chosen = choose(failure);
		if (chosen == null) {
			throw failure;
		}
		@Nullable Object[] actual = arguments;
		if (chosen.failureType != null) {
			actual = Arrays.copyOf(arguments, arguments.length + 1);
			actual[arguments.length] = failure;
		}
		Object value;
		try {
			value = chosen.method.invoke(target, actual);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
		return switch (this.kind) {
			case PLAIN -> value;
			case STAGE -> (value instanceof CompletionStage<?>) ? value : CompletableFuture.completedFuture(value);
			case MONO, FLUX -> ReactorRetries.publisherOf(value, this.kind);
		};
	}

	/**
	 * The candidate whose exception type is the closest superclass of the failure, else
	 * the one without; {@code null} if none handles it (the failure then reaches the
	 * caller).
	 */
	private @Nullable Candidate choose(Throwable failure) {
		Candidate best = null;
		int bestDistance = Integer.MAX_VALUE;
		Candidate without = null;
		for (Candidate candidate : this.candidates) {
			if (candidate.failureType == null) {
				without = candidate;
				continue;
			}
			int distance = distance(failure.getClass(), candidate.failureType);
			if (distance != Integer.MAX_VALUE && distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return (best != null) ? best : without;
	}

	/**
	 * Superclass steps from {@code type} up to {@code candidate}, or max if it is not
	 * one.
	 */
	private static int distance(Class<?> type, Class<?> candidate) {
		int steps = 0;
		for (Class<?> current = type; current != null; current = current.getSuperclass(), steps++) {
			if (current == candidate) {
				return steps;
			}
		}
		return candidate.isAssignableFrom(type) ? steps : Integer.MAX_VALUE;
	}

	/** The fallback methods, for runtime hints. */
	List<Method> methods() {
		return this.candidates.stream().map(Candidate::method).toList();
	}

	private record Candidate(Method method, @Nullable Class<?> failureType) {
	}

	/** A fallback that does not resolve, reported with the method's other problems. */
	static final class FallbackProblem extends RuntimeException {

		private static final long serialVersionUID = 1L;

		final transient Problem problem;

		FallbackProblem(Problem problem) {
			super(problem.description());
			this.problem = problem;
		}

	}

}
