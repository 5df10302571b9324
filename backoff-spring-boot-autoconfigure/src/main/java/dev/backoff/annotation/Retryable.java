package dev.backoff.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Predicate;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;

/**
 * Retries calls of a bean method (or of every public method of a type) under a settings
 * entry from {@code backoff.settings.<name>}. Explicit attributes override the entry's
 * values for this method only.
 * <p>
 * Methods returning {@code CompletionStage} or {@code CompletableFuture} are retried
 * without blocking a thread; with Reactor present, {@code Mono} and {@code Flux} are
 * retried by resubscribing. The retry advice runs outside {@code @Transactional}, so
 * every try gets a fresh transaction.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@Reflective
public @interface Retryable {

	/**
	 * Alias for {@link #settings()}.
	 * @return the settings entry's name
	 */
	@AliasFor("settings")
	String value() default "default";

	/**
	 * The settings entry, {@code default} unless named; it must exist at start-up.
	 * @return the settings entry's name
	 */
	@AliasFor("value")
	String settings() default "default";

	/**
	 * Failure types that are retried, replacing the entry's {@code retry-on}.
	 * @return the types; empty to keep the entry's
	 */
	Class<? extends Throwable>[] retryOn() default {};

	/**
	 * Failure types that end retrying at once, replacing the entry's {@code give-up-on}.
	 * @return the types; empty to keep the entry's
	 */
	Class<? extends Throwable>[] giveUpOn() default {};

	/**
	 * A predicate on the method's result whose {@code true} means "retry" (Python
	 * backoff's {@code on_predicate}). Taken from the context if a bean of that type
	 * exists, else instantiated once with its no-argument constructor.
	 * {@code Predicate.class} means none.
	 * @return the predicate class
	 */
	@SuppressWarnings("rawtypes")
	Class<? extends Predicate> retryOnResult() default Predicate.class;

	/**
	 * Total calls allowed, the first included, overriding the entry's; accepts
	 * {@code ${...}} placeholders. Empty to keep the entry's.
	 * @return max-tries, at least 1
	 */
	String maxTries() default "";

	/**
	 * Time budget for the whole invocation, overriding the entry's, e.g. {@code 5s} or
	 * {@code ${billing.retry-budget}}. Empty to keep the entry's.
	 * @return max-time, positive
	 */
	String maxTime() default "";

	/**
	 * The name of a method of the same bean to call instead when retrying gives up, for
	 * any reason; its value is returned. It takes this method's parameters, optionally
	 * followed by the final exception (the candidate whose exception type is the closest
	 * superclass of the failure wins; one without is used when none fits), and returns
	 * this method's type (for a {@code CompletionStage}, {@code Mono} or {@code Flux}
	 * method, that type or its value). Checked when the bean is created. A failure no
	 * fallback takes reaches the caller as it was; a fallback that throws reaches the
	 * caller with its own exception. Empty for none.
	 * @return the fallback method's name
	 */
	String fallback() default "";

	/**
	 * Bean names of {@code RetryListener} beans that hear this method's events, after the
	 * global listeners and the entry's own {@code listeners}, in this order. A bean named
	 * here is not a global listener. Checked when the bean is created. Empty for none.
	 * @return the listeners' bean names
	 */
	String[] listeners() default {};

}
