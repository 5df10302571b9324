package dev.backoff.core;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The retrying calls whose tries enclose a call, as Python backoff's stacked decorators
 * do: a layer makes one try only for a failure that an enclosing layer would itself retry
 * (its retry-on, give-up-on, give-up predicate, statuses, or result predicate; not its
 * remaining limits), and retries any other failure under its own rules. An opaque value
 * that drivers carry where the thread cannot: in a Reactor subscriber context, under the
 * key {@code dev.backoff.reactor.ReactorExecutions} puts it under.
 *
 * @since 0.1.0
 * @see RetryExecution#enclosingItsTries()
 */
public final class EnclosingRetries {

	private final Rules[] layers;

	EnclosingRetries(Rules[] layers) {
		this.layers = layers;
	}

	/** The layers, outermost first. */
	Rules[] layers() {
		return this.layers;
	}

	/** These layers and, innermost, one more. */
	static EnclosingRetries around(@Nullable EnclosingRetries enclosing, Rules innermost) {
		if (enclosing == null) {
			return new EnclosingRetries(new Rules[] { innermost });
		}
		Rules[] layers = Arrays.copyOf(enclosing.layers, enclosing.layers.length + 1);
		layers[enclosing.layers.length] = innermost;
		return new EnclosingRetries(layers);
	}

	/** The layers of both, or whichever is not {@code null}. */
	static @Nullable EnclosingRetries union(@Nullable EnclosingRetries first, @Nullable EnclosingRetries second) {
		if (first == null || second == null) {
			return (first != null) ? first : second;
		}
		Rules[] layers = Arrays.copyOf(first.layers, first.layers.length + second.layers.length);
		System.arraycopy(second.layers, 0, layers, first.layers.length, second.layers.length);
		return new EnclosingRetries(layers);
	}

	/** Whether some layer would retry {@code failure}, which carries {@code status}. */
	boolean retry(Throwable failure, int status) {
		for (Rules layer : this.layers) {
			if (layer.refusal(failure, status) == null) {
				return true;
			}
		}
		return false;
	}

	/** Whether some layer's result predicate would retry {@code result}. */
	boolean retryResult(@Nullable Object result) {
		for (Rules layer : this.layers) {
			if (layer.retriesResult(result)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "EnclosingRetries[" + this.layers.length + " layers]";
	}

}
