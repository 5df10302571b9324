package dev.backoff.micrometer;

import java.util.Objects;

import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Traces retried calls through Micrometer's Observation API: a call that fails is
 * observed as {@code backoff.retry} from its first failure to its end, with an event per
 * backoff, and the observation is current around each retry, so what a retry does (an
 * HTTP request, a query) shows as its child. A call that succeeds on its first try
 * records nothing.
 *
 * @since 0.1.0
 */
public final class ObservationRetryListener implements RetryListener {

	/**
	 * The backoff events after the first tries, made once: an event has no time of its
	 * own (handlers read the clock when told), so one instance serves every call.
	 */
	private static final Observation.Event[] BACKOFFS = new Observation.Event[32];

	static {
		for (int i = 0; i < BACKOFFS.length; i++) {
			BACKOFFS[i] = backoffAfter(i);
		}
	}

	private final ObservationRegistry registry;

	/**
	 * The default convention, this listener's own: it keeps what it builds (exception
	 * classes among it) only as long as the application.
	 */
	private final BackoffObservationConvention defaultConvention = new DefaultBackoffObservationConvention();

	private final @Nullable BackoffObservationConvention convention;

	/**
	 * Creates a listener.
	 * @param registry the observation registry
	 * @param convention a convention that replaces the default one, or {@code null}
	 */
	public ObservationRetryListener(ObservationRegistry registry, @Nullable BackoffObservationConvention convention) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.convention = convention;
	}

	@Override
	public @Nullable CallListener onFirstFailure(RetryEvent firstFailure) {
		RetryObservationContext context = new RetryObservationContext(firstFailure);
		Observation observation = Observation
			.createNotStarted(this.convention, this.defaultConvention, () -> context, this.registry)
			.start();
		if (observation.isNoop()) {
			return null;
		}
		return new CallListener() {

			@Override
			public void onBackoff(RetryEvent event) {
				int tries = event.tries();
				observation.event((tries >= 0 && tries < BACKOFFS.length) ? BACKOFFS[tries] : backoffAfter(tries));
			}

			@Override
			public void onEnd(RetryEvent event) {
				context.setEnd(event);
				observation.stop();
			}

			@Override
			public Runnable openScope() {
				Observation.Scope scope = observation.openScope();
				return scope::close;
			}

		};
	}

	private static Observation.Event backoffAfter(int tries) {
		return Observation.Event.of("backoff", "backoff after try " + tries);
	}

}
