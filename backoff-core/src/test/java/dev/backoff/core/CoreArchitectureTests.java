package dev.backoff.core;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine stays Spring-free. Every type a class refers to is named in its constant
 * pool in internal form ({@code org/springframework/...}), so scanning the compiled bytes
 * finds any reference, including ones no import line shows (fully qualified names,
 * annotations).
 */
class CoreArchitectureTests {

	@Test
	void coreClassesReferNothingFromSpring() throws Exception {
		List<Path> classes = coreClasses();
		assertThat(classes).hasSizeGreaterThan(10);
		assertThat(classes).allSatisfy((path) -> assertThat(constantPoolText(path)).as(path.getFileName().toString())
			.doesNotContain("org/springframework")
			.doesNotContain("dev/backoff/autoconfigure")
			.doesNotContain("dev/backoff/annotation"));
	}

	@Test
	void springIsNotEvenOnTheClasspath() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.core.SpringVersion"));
	}

	@Test
	void theScanFindsAReferenceWhereThereIsOne() throws Exception {
		Path springAware = Path.of(CoreArchitectureTests.class.getResource("CoreArchitectureTests.class").toURI());
		assertThat(constantPoolText(springAware)).contains("org/junit");
	}

	private static List<Path> coreClasses() throws IOException, URISyntaxException {
		Path root = Path.of(Retrier.class.getResource("Retrier.class").toURI()).getParent().getParent();
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.toString().endsWith(".class")).toList();
		}
	}

	private static String constantPoolText(Path classFile) throws IOException {
		return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
	}

}
