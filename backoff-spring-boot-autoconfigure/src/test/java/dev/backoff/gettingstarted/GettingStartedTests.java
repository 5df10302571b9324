package dev.backoff.gettingstarted;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.test.FakeTime;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Getting started runs as written in an application that has only the
 * starter: its yml is read from the README itself and bound on a classpath without
 * spring-web (this test runs in the minimal-classpath execution), and its class is the
 * one next to this test, which must read as the README's.
 */
class GettingStartedTests {

	private static final Path README = Path.of("..", "README.md");

	@Test
	void theSnippetsRunInAnApplicationWithOnlyTheStarter() throws IOException {
		assertThat(ClassUtils.isPresent("org.springframework.web.client.RestClientException", null))
			.as("an application with only the starter has no spring-web")
			.isFalse();
		List<PropertySource<?>> yml = new YamlPropertySourceLoader().load("README getting started",
				new ByteArrayResource(snippet("```yaml").getBytes()));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BackoffAutoConfiguration.class))
			.withInitializer((context) -> yml.forEach(context.getEnvironment().getPropertySources()::addFirst))
			.withBean(FakeTime.class)
			.withBean(BillingClient.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(AopUtils.isAopProxy(context.getBean(BillingClient.class))).isTrue();
				RetrySettings billing = context.getBean(RetryRegistry.class).settings("billing");
				assertThat(billing.maxTries()).isEqualTo(5);
				assertThat(billing.retryOn()).containsExactly(IOException.class,
						java.util.concurrent.TimeoutException.class);
				assertThat(billing.statusOverrides().get(503).maxTries()).isEqualTo(8);
			});
	}

	@Test
	void theClassHereIsTheReadmesClass() throws IOException {
		String source = Files.readString(Path.of("src/test/java/dev/backoff/gettingstarted/BillingClient.java"));
		String classHere = source.substring(source.indexOf("@Service"));
		assertThat(normalized(classHere)).isEqualTo(normalized(snippet("```java")));
	}

	/**
	 * The first code block of that kind under "Getting started", without its indentation.
	 */
	private static String snippet(String fence) throws IOException {
		String readme = Files.readString(README);
		String gettingStarted = readme.substring(readme.indexOf("## Getting started"));
		String block = gettingStarted.substring(gettingStarted.indexOf(fence) + fence.length());
		return block.substring(0, block.indexOf("```")).replaceAll("(?m)^   ", "");
	}

	private static String normalized(String code) {
		return code.replaceAll("\\s+", " ").trim();
	}

}
