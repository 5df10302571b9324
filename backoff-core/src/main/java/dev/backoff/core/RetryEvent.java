package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link RetryListener} learns about one event of a call. Built only when a
 * listener is registered.
 *
 * @param name the settings entry's name
 * @param target what was called: {@code Class#method} for annotated methods, else a label
 * @param arguments the call's arguments, for in-process use only; never logged or tagged
 * @param tries the calls made so far whose outcome is known, the first included (a
 * {@code cancelled} give-up does not count the try it cut short)
 * @param elapsed the time since the first call started
 * @param waitTime the wait before the next call (backoff events only)
 * @param exception the last failure, or {@code null} if the last call returned a result
 * @param result the last result when the result predicate asked for a retry, else
 * {@code null}
 * @param status the HTTP status carried by the last failure, or {@code null}
 * @param reason why retrying ended (give-up events only)
 * @since 0.1.0
 */
public record RetryEvent(String name, String target, @Nullable Object @Nullable [] arguments, int tries,
		Duration elapsed, @Nullable Duration waitTime, @Nullable Throwable exception, @Nullable Object result,
		@Nullable Integer status, @Nullable GiveUpReason reason) {

	/**
	 * Returns the simple class name of the last failure (the full name for an anonymous
	 * class, which has no simple one), or {@code none}: a bounded value fit for a metric
	 * tag.
	 * @return the exception's simple name or {@code none}
	 */
	public String exceptionName() {
		if (this.exception == null) {
			return "none";
		}
		Class<?> type = this.exception.getClass();
		String simpleName = type.getSimpleName();
		return simpleName.isEmpty() ? type.getName() : simpleName;
	}

	/**
	 * Describes the event without its arguments or result, which may hold secrets.
	 * @return the description
	 */
	@Override
	public String toString() {
		return "RetryEvent[name=" + this.name + ", target=" + this.target + ", tries=" + this.tries + ", elapsed="
				+ this.elapsed + ", waitTime=" + this.waitTime + ", exception=" + exceptionName() + ", status="
				+ this.status + ", reason=" + ((this.reason != null) ? this.reason.tag() : null) + "]";
	}

}
