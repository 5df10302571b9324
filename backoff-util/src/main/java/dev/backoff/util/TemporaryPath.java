package dev.backoff.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A temporary file path that is deleted on close (the Orion client's
 * {@code TemporaryPath}). Only the path is reserved: the file is not created, so a
 * download can be retried into it and a partial file is removed with the scope.
 *
 * <pre class="code">
 * try (TemporaryPath tmp = TemporaryPath.builder().suffix(".json").build()) {
 *     retrier.run(() -&gt; download(url, tmp.path()));
 *     Files.move(tmp.path(), target);
 * }
 * </pre>
 *
 * <p>
 * Closing deletes the path (a file, or an empty directory) if it exists, unless
 * {@code delete(false)} was set; a path that was never created is fine.
 *
 * @since 0.1.0
 */
public final class TemporaryPath implements AutoCloseable {

	private final Path path;

	private final boolean delete;

	private TemporaryPath(Path path, boolean delete) {
		this.path = path;
		this.delete = delete;
	}

	/**
	 * Returns a temporary path in the system temporary directory, deleted on close.
	 * @return the temporary path
	 */
	public static TemporaryPath create() {
		return builder().build();
	}

	/**
	 * Returns a builder for a temporary path.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the path; nothing exists there until the caller creates it.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Whether the path is deleted on close.
	 * @return {@code true} unless {@code delete(false)} was set
	 */
	public boolean deletesOnClose() {
		return this.delete;
	}

	/**
	 * Deletes the path if it exists, unless deletion is off.
	 * @throws UncheckedIOException if the path exists and cannot be deleted
	 */
	@Override
	public void close() {
		if (this.delete) {
			try {
				Files.deleteIfExists(this.path);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not delete temporary path " + this.path, ex);
			}
		}
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

	/** Builds a {@link TemporaryPath}. */
	public static final class Builder {

		private String prefix = "tmp";

		private String suffix = "";

		private @Nullable Path directory;

		private boolean delete = true;

		private Builder() {
		}

		/**
		 * Sets the start of the file name. Default {@code tmp}.
		 * @param prefix the prefix, without a path separator
		 * @return this builder
		 */
		public Builder prefix(String prefix) {
			this.prefix = checkName("prefix", prefix);
			return this;
		}

		/**
		 * Sets the end of the file name, e.g. {@code .json}. Default none.
		 * @param suffix the suffix, without a path separator
		 * @return this builder
		 */
		public Builder suffix(String suffix) {
			this.suffix = checkName("suffix", suffix);
			return this;
		}

		/**
		 * Sets the directory. Default {@code java.io.tmpdir}.
		 * @param directory an existing directory
		 * @return this builder
		 */
		public Builder dir(Path directory) {
			this.directory = Objects.requireNonNull(directory, "dir");
			return this;
		}

		/**
		 * Sets whether close deletes the path. Default {@code true}.
		 * @param delete {@code false} to keep the file
		 * @return this builder
		 */
		public Builder delete(boolean delete) {
			this.delete = delete;
			return this;
		}

		/**
		 * Chooses a fresh, unused path.
		 * @return the temporary path
		 * @throws IllegalArgumentException if the directory does not exist
		 */
		public TemporaryPath build() {
			Path dir = (this.directory != null) ? this.directory : Path.of(System.getProperty("java.io.tmpdir"));
			if (!Files.isDirectory(dir)) {
				throw new IllegalArgumentException("dir '" + dir + "' is not an existing directory; create it first");
			}
			Path path;
			do {
				path = dir.resolve(this.prefix + UUID.randomUUID() + this.suffix);
			}
			while (Files.exists(path));
			return new TemporaryPath(path, this.delete);
		}

		private static String checkName(String name, String value) {
			Objects.requireNonNull(value, name);
			if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
				throw new IllegalArgumentException(name + " '" + value + "' must not contain a path separator");
			}
			return value;
		}

	}

}
