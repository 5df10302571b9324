package dev.backoff.autoconfigure;

import java.io.FileNotFoundException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import dev.backoff.annotation.Retryable;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes an application ahead of time, as {@code spring-boot:process-aot} does, and
 * checks the hints a native image needs for what the starter loads reflectively.
 */
class BackoffAotProcessorTests {

	@Test
	void registersPredicatesExceptionTypesAndRetryableMethods() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(StillPending.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(FileNotFoundException.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(SocketTimeoutException.class))
			.as("named in backoff.settings.poll.retry-on")
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(IllegalStateException.class))
			.as("named in backoff.defaults.give-up-on")
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Poller.class, "poll")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Poller.class, "lastKnown")).accepts(hints);
	}

	@Test
	void registersTheFallbackAndTypesOfATypeLevelAnnotation() {
		RuntimeHints hints = processAheadOfTime();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Feed.class, "cached"))
			.as("named by @Retryable on the type")
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TimeoutException.class)).accepts(hints);
	}

	private static RuntimeHints processAheadOfTime() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test",
					java.util.Map.of("backoff.settings.poll.retry-on", "java.net.SocketTimeoutException",
							"backoff.defaults.give-up-on", "java.lang.IllegalStateException")));
		context.register(BackoffAutoConfiguration.class, Poller.class, Feed.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "AotTest")), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		return generation.getRuntimeHints();
	}

	static class Poller {

		@Retryable(retryOnResult = StillPending.class, giveUpOn = FileNotFoundException.class, fallback = "lastKnown")
		String poll() {
			return "done";
		}

		String lastKnown() {
			return "unknown";
		}

	}

	@Retryable(retryOn = TimeoutException.class, fallback = "cached")
	static class Feed {

		String latest() {
			return "latest";
		}

		String cached() {
			return "cached";
		}

	}

	static class StillPending implements Predicate<String> {

		@Override
		public boolean test(String state) {
			return "pending".equals(state);
		}

	}

}
