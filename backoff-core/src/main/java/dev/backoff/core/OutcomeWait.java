package dev.backoff.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A wait taken from the outcome of a try (Python backoff's {@code runtime} wait
 * generator): for example a header of a returned response, or a field of an exception. A
 * wait it gives replaces the computed one and is honoured exactly, as a server's
 * {@code Retry-After} is: up to the cap it is slept as given; above the cap retrying ends
 * at once (reason {@code retry-after}); a wait that would cross max-time ends retrying
 * (reason {@code max-time}) instead of being shortened. {@code Retry-After} read from
 * HTTP failures is one such function, built in.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface OutcomeWait {

	/**
	 * Returns the wait the outcome asks for.
	 * @param result the result of the try, when it returned one that is to be retried
	 * @param failure the failure of the try, when it threw
	 * @return the wait, or {@code null} (or a negative one) to use the computed wait
	 */
	@Nullable Duration waitFor(@Nullable Object result, @Nullable Throwable failure);

}
