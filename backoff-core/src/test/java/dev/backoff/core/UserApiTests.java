package dev.backoff.core;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What an application calls stays apart from what drivers use: {@link Retrier} and
 * {@link RetryRegistry} publish the user API only, and the integration SPI lives in
 * {@link RetryDrivers}.
 */
class UserApiTests {

	@Test
	void aRetrierPublishesTheUserApiOnly() {
		assertThat(publicMethods(Retrier.class)).containsExactlyInAnyOrder("call", "callAsync", "decorate", "label",
				"name", "of", "run", "settings", "statistics", "withLabel");
	}

	@Test
	void aRegistryPublishesNoDriverMethod() {
		assertThat(publicMethods(RetryRegistry.class)).doesNotContain("newRetrier", "version", "execute", "start")
			.contains("retrier", "replace", "settings");
	}

	@Test
	void theSpiHasEveryDriverEntryPoint() {
		assertThat(publicMethods(RetryDrivers.class)).containsExactlyInAnyOrder("execute", "blocking", "executeAsync",
				"newRetrier", "prepare", "start", "version", "withBudgetKey");
	}

	@Test
	void theBlockingDriverAsAValueLeavesItsOwnFrameOutOfAFailuresStackTrace() {
		Retrier retrier = Retrier.of(RetrySettings.builder().maxTries(1).build());
		Retrier.Attempt<String, String> failing = (context) -> {
			throw new IOException("down");
		};
		Throwable throughTheValue = catchThrowable(() -> RetryDrivers.blocking().execute(retrier, "x", failing, null));
		Throwable throughTheMethod = catchThrowable(() -> RetryDrivers.execute(retrier, "x", failing, null));
		assertThat(engineFrames(throughTheValue)).containsExactly("dev.backoff.core.Retrier.execute");
		assertThat(engineFrames(throughTheMethod)).containsExactly("dev.backoff.core.Retrier.execute",
				"dev.backoff.core.RetryDrivers.execute");
	}

	/**
	 * The frames of the engine's main classes in a failure's stack trace, innermost
	 * first.
	 */
	private static List<String> engineFrames(Throwable failure) {
		assertThat(failure).isInstanceOf(IOException.class);
		return Stream.of(failure.getStackTrace())
			.filter((frame) -> frame.getClassName().equals(Retrier.class.getName())
					|| frame.getClassName().equals(RetryDrivers.class.getName()))
			.map((frame) -> frame.getClassName() + "." + frame.getMethodName())
			.toList();
	}

	@Test
	void theSpiDrivesTheSameEngine() throws Throwable {
		RetryRegistry registry = RetryRegistry.builder()
			.fakeTime(new FakeTime())
			.settings("billing", RetrySettings.builder().maxTries(3).build())
			.build();
		int[] tries = { 0 };
		String result = RetryDrivers.execute(registry.retrier("billing"), tries, (count) -> {
			if (++count[0] < 3) {
				throw new IOException("down");
			}
			return "ok";
		}, null);
		assertThat(result).isEqualTo("ok");
		assertThat(tries[0]).isEqualTo(3);
		int before = RetryDrivers.version(registry);
		registry.replace("billing", RetrySettings.builder().maxTries(2).build());
		assertThat(RetryDrivers.version(registry)).isNotEqualTo(before);
	}

	private static Set<String> publicMethods(Class<?> type) {
		return Arrays.stream(type.getDeclaredMethods())
			.filter((method) -> Modifier.isPublic(method.getModifiers()) && !method.isSynthetic())
			.map(Method::getName)
			.filter((name) -> !Set.of("toString", "equals", "hashCode").contains(name))
			.collect(Collectors.toCollection(TreeSet::new));
	}

}
