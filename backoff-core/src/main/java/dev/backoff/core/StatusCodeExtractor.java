package dev.backoff.core;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads the HTTP status (and the server's {@code Retry-After}) that a failure carries.
 * The engine knows no HTTP library; the Spring layer supplies extractors for Spring's
 * HTTP exceptions, and users may add their own.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StatusCodeExtractor {

	/** Status returned when a failure carries none. */
	int NO_STATUS = -1;

	/** An extractor that finds no status in anything. */
	StatusCodeExtractor NONE = (failure) -> NO_STATUS;

	/**
	 * Reads failures that implement {@link HttpStatusHolder}; every registry asks it
	 * first.
	 */
	StatusCodeExtractor HOLDERS = new StatusCodeExtractor() {

		/**
		 * Whether a failure's class implements {@link HttpStatusHolder}, answered once
		 * per class: on JDK 17 an interface {@code instanceof} that fails scans the
		 * class's supertypes (about 12 ns), and most failures carry no status.
		 */
		private final ClassValue<Boolean> holders = new ClassValue<>() {

			@Override
			protected Boolean computeValue(Class<?> type) {
				return HttpStatusHolder.class.isAssignableFrom(type);
			}

		};

		@Override
		public int status(Throwable failure) {
			return this.holders.get(failure.getClass()) ? ((HttpStatusHolder) failure).httpStatus() : NO_STATUS;
		}

		@Override
		public @Nullable Duration retryAfter(Throwable failure) {
			return this.holders.get(failure.getClass()) ? ((HttpStatusHolder) failure).retryAfter() : null;
		}

	};

	/**
	 * Returns the HTTP status the failure carries.
	 * @param failure the failure
	 * @return the status, or {@link #NO_STATUS}
	 */
	int status(Throwable failure);

	/**
	 * Returns the wait the server asked for ({@code Retry-After}), if any. The engine
	 * honours it exactly up to the status's cap, and ends retrying when it is longer or
	 * would cross max-time; a malformed value should be returned as {@code null}.
	 * @param failure the failure, which carries a status
	 * @return the wait, or {@code null}
	 */
	default @Nullable Duration retryAfter(Throwable failure) {
		return null;
	}

	/**
	 * Returns an extractor that asks each of {@code extractors} in turn, and takes the
	 * first status found.
	 * @param extractors the extractors, in order
	 * @return the combined extractor
	 */
	static StatusCodeExtractor composite(List<? extends StatusCodeExtractor> extractors) {
		List<StatusCodeExtractor> all = List.copyOf(extractors);
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return new StatusCodeExtractor() {

			@Override
			public int status(Throwable failure) {
				for (StatusCodeExtractor extractor : all) {
					int status = extractor.status(failure);
					if (status != NO_STATUS) {
						return status;
					}
				}
				return NO_STATUS;
			}

			@Override
			public @Nullable Duration retryAfter(Throwable failure) {
				for (StatusCodeExtractor extractor : all) {
					if (extractor.status(failure) != NO_STATUS) {
						return extractor.retryAfter(failure);
					}
				}
				return null;
			}

		};
	}

}
