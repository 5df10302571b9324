package dev.backoff.interceptor;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Predicate;

import dev.backoff.annotation.Retryable;
import org.junit.jupiter.api.Test;

import org.springframework.core.annotation.AliasFor;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@code @Retryable} applies to a method of a bean class, and what its attributes
 * say.
 */
class RetryableAttributesTests {

	@Test
	void unsetAttributesKeepTheEntrysValues() {
		RetryableAttributes attributes = RetryableAttributes.find(method(Annotated.class, "bare"), Annotated.class);
		assertThat(attributes).isEqualTo(
				new RetryableAttributes("default", List.of(), List.of(), null, null, null, null, List.of(), true));
	}

	@Test
	void everyAttributeIsRead() {
		RetryableAttributes attributes = RetryableAttributes.find(method(Annotated.class, "everything"),
				Annotated.class);
		assertThat(attributes).isNotNull();
		assertThat(attributes.settings()).isEqualTo("billing");
		assertThat(attributes.retryOn()).containsExactly(IOException.class);
		assertThat(attributes.giveUpOn()).containsExactly(IllegalStateException.class);
		assertThat(attributes.retryOnResult()).isEqualTo(Empty.class);
		assertThat(attributes.maxTries()).isEqualTo("${tries:3}");
		assertThat(attributes.maxTime()).isEqualTo("5s");
		assertThat(attributes.fallback()).isEqualTo("recover");
		assertThat(attributes.listeners()).as("trimmed").containsExactly("audit", "trace");
		assertThat(attributes.onMethod()).isTrue();
	}

	@Test
	void blankTextAttributesAreUnset() {
		RetryableAttributes attributes = RetryableAttributes.find(method(Annotated.class, "blank"), Annotated.class);
		assertThat(attributes).isNotNull();
		assertThat(attributes.maxTries()).isNull();
		assertThat(attributes.maxTime()).isNull();
		assertThat(attributes.fallback()).isNull();
	}

	@Test
	void theMethodsAnnotationWinsOverTheTypes() {
		assertThat(RetryableAttributes.find(method(OnType.class, "own"), OnType.class))
			.extracting(RetryableAttributes::settings, RetryableAttributes::onMethod)
			.containsExactly("own", true);
		assertThat(RetryableAttributes.find(method(OnType.class, "inherited"), OnType.class))
			.extracting(RetryableAttributes::settings, RetryableAttributes::onMethod)
			.containsExactly("type", false);
	}

	@Test
	void theMostSpecificMethodIsRead() {
		Method declared = method(Contract.class, "call");
		assertThat(RetryableAttributes.find(declared, Implementation.class)).as("the implementation's own")
			.extracting(RetryableAttributes::settings)
			.isEqualTo("implementation");
		assertThat(RetryableAttributes.find(method(Contract.class, "other"), Implementation.class))
			.as("the interface method's, inherited by its implementation")
			.extracting(RetryableAttributes::settings, RetryableAttributes::onMethod)
			.containsExactly("contract", true);
		assertThat(RetryableAttributes.find(method(Plain.class, "call"), Plain.class)).isNull();
	}

	@Test
	void aComposedAnnotationIsMerged() {
		assertThat(RetryableAttributes.find(method(Annotated.class, "composed"), Annotated.class))
			.extracting(RetryableAttributes::settings, RetryableAttributes::maxTries)
			.containsExactly("interactive", "2");
	}

	@Test
	void everyMethodThatAnAnnotationAppliesToIsFound() {
		assertThat(RetryableAttributes.findAll(OnType.class).keySet()).extracting(Method::getName)
			.containsExactlyInAnyOrder("own", "inherited", "helper");
		assertThat(RetryableAttributes.findAll(Plain.class)).isEmpty();
		assertThat(RetryableAttributes.findAll(String.class)).isEmpty();
	}

	private static Method method(Class<?> type, String name) {
		Method method = ReflectionUtils.findMethod(type, name);
		assertThat(method).as(name).isNotNull();
		return method;
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@Retryable
	@interface Interactive {

		@AliasFor(annotation = Retryable.class, attribute = "maxTries")
		String tries() default "";

		@AliasFor(annotation = Retryable.class, attribute = "settings")
		String settings() default "interactive";

	}

	static class Annotated {

		@Retryable
		void bare() {
		}

		@Retryable(settings = "billing", retryOn = IOException.class, giveUpOn = IllegalStateException.class,
				retryOnResult = Empty.class, maxTries = "${tries:3}", maxTime = "5s", fallback = "recover",
				listeners = { " audit", "trace " })
		void everything() {
		}

		@Retryable(maxTries = " ", maxTime = "", fallback = "  ")
		void blank() {
		}

		@Interactive(tries = "2")
		void composed() {
		}

	}

	@Retryable("type")
	static class OnType {

		@Retryable("own")
		void own() {
		}

		void inherited() {
		}

		private void helper() {
		}

	}

	interface Contract {

		@Retryable("contract")
		void call();

		@Retryable("contract")
		void other();

	}

	static class Implementation implements Contract {

		@Override
		@Retryable("implementation")
		public void call() {
		}

		@Override
		public void other() {
		}

	}

	static class Plain {

		void call() {
		}

	}

	static class Empty implements Predicate<String> {

		@Override
		public boolean test(String value) {
			return value.isEmpty();
		}

	}

}
