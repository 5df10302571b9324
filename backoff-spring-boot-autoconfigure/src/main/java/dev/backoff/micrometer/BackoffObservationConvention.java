package dev.backoff.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code backoff.retry} observation of a retried call. Declare a bean
 * of this type to replace {@link DefaultBackoffObservationConvention}.
 *
 * @since 0.1.0
 */
public interface BackoffObservationConvention extends ObservationConvention<RetryObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RetryObservationContext;
	}

}
