package dev.backoff.interceptor;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.backoff.core.Retrier;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import org.jspecify.annotations.Nullable;

/**
 * One {@code @Retryable} method, resolved once: its entry, label, return-type kind and the
 * annotation's overrides. Its retrier is cached and rebuilt only when the registry changes.
 */
final class RetryableMethod {

	/** How the method's results are retried. */
	enum Kind {

		/** Blocking: the value (or exception) of the call. */
		PLAIN,

		/** A {@code CompletionStage}, retried without blocking. */
		STAGE,

		/** A Reactor {@code Mono}, retried by resubscribing. */
		MONO,

		/** A Reactor {@code Flux}, retried by resubscribing. */
		FLUX

	}

	final Class<?> targetClass;

	final String entry;

	final String label;

	final Kind kind;

	private final @Nullable List<Class<? extends Throwable>> retryOn;

	private final @Nullable List<Class<? extends Throwable>> giveUpOn;

	private final @Nullable Predicate<?> retryOnResult;

	private final @Nullable Integer maxTries;

	private final @Nullable Duration maxTime;

	/** Called instead when retrying gives up, or {@code null}. */
	final @Nullable FallbackMethod fallback;

	private volatile @Nullable Cached cached;

	RetryableMethod(Class<?> targetClass, String entry, String label, Kind kind, @Nullable List<Class<? extends Throwable>> retryOn,
			@Nullable List<Class<? extends Throwable>> giveUpOn, @Nullable Predicate<?> retryOnResult,
			@Nullable Integer maxTries, @Nullable Duration maxTime, @Nullable FallbackMethod fallback) {
		this.targetClass = targetClass;
		this.entry = entry;
		this.label = label;
		this.kind = kind;
		this.retryOn = retryOn;
		this.giveUpOn = giveUpOn;
		this.retryOnResult = retryOnResult;
		this.maxTries = maxTries;
		this.maxTime = maxTime;
		this.fallback = fallback;
	}

	/**
	 * Returns the retrier for this method, labelled with its name: a volatile read and an int
	 * compare, unless an entry was replaced since the last call.
	 */
	Retrier retrier(RetryRegistry registry) {
		int version = registry.version();
		Cached current = this.cached;
		if (current != null && current.version == version) {
			return current.retrier;
		}
		Retrier retrier = (isCustomized() ? registry.newRetrier(this.entry, customize(registry.settings(this.entry)))
				: registry.retrier(this.entry)).withLabel(this.label);
		this.cached = new Cached(version, retrier);
		return retrier;
	}

	private boolean isCustomized() {
		return this.retryOn != null || this.giveUpOn != null || this.retryOnResult != null || this.maxTries != null
				|| this.maxTime != null || this.fallback != null;
	}

	/** Applies the annotation's attributes over the entry's settings. */
	RetrySettings customize(RetrySettings settings) {
		RetrySettings.Builder builder = settings.toBuilder();
		if (this.retryOn != null) {
			builder.retryOn(this.retryOn);
		}
		if (this.giveUpOn != null) {
			builder.giveUpOn(this.giveUpOn);
		}
		if (this.retryOnResult != null) {
			builder.retryOnResult(this.retryOnResult);
		}
		if (this.maxTries != null) {
			builder.maxTries(this.maxTries);
		}
		if (this.maxTime != null) {
			builder.maxTime(this.maxTime);
		}
		if (this.fallback != null) {
			// a result still rejected at the end is a give-up too: thrown, so the fallback is called
			builder.raiseOnGiveUp(true);
		}
		return builder.build();
	}

	private record Cached(int version, Retrier retrier) {
	}

}
