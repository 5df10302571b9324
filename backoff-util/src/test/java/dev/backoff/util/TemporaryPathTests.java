package dev.backoff.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TemporaryPathTests {

	@TempDir
	Path dir;

	@Test
	void theFileIsDeletedOnClose() throws IOException {
		Path path;
		try (TemporaryPath tmp = TemporaryPath.builder().dir(this.dir).build()) {
			path = tmp.path();
			assertThat(path).doesNotExist();
			Files.writeString(path, "partial download");
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void aPathThatWasNeverCreatedClosesQuietly() {
		TemporaryPath tmp = TemporaryPath.builder().dir(this.dir).build();
		tmp.close();
		assertThat(tmp.path()).doesNotExist();
	}

	@Test
	void deleteFalseKeepsTheFile() throws IOException {
		Path path;
		try (TemporaryPath tmp = TemporaryPath.builder().dir(this.dir).delete(false).build()) {
			path = tmp.path();
			Files.writeString(path, "keep me");
			assertThat(tmp.deletesOnClose()).isFalse();
		}
		assertThat(path).hasContent("keep me");
	}

	@Test
	void prefixSuffixAndDirShapeThePath() {
		TemporaryPath tmp = TemporaryPath.builder().dir(this.dir).prefix("orion-").suffix(".json").build();
		assertThat(tmp.path().getParent()).isEqualTo(this.dir);
		assertThat(tmp.path().getFileName().toString()).startsWith("orion-").endsWith(".json");
		assertThat(tmp).hasToString(tmp.path().toString());
	}

	@Test
	void eachPathIsFresh() {
		assertThat(TemporaryPath.create().path()).isNotEqualTo(TemporaryPath.create().path());
		assertThat(TemporaryPath.create().path().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
	}

	@Test
	void badArgumentsAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> TemporaryPath.builder().suffix("a/b"))
			.withMessage("suffix 'a/b' must not contain a path separator");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TemporaryPath.builder().dir(this.dir.resolve("missing")).build())
			.withMessageContaining("is not an existing directory");
	}

}
