package dev.backoff.actuate;

import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code backoffevents} actuator endpoint: the most recent retry events, newest first
 * ({@code /actuator/backoffevents}), or those of one settings entry
 * ({@code /actuator/backoffevents/{name}}).
 *
 * @since 0.1.0
 */
@Endpoint(id = "backoffevents")
public class BackoffEventsEndpoint {

	private final RecentRetryEvents events;

	/**
	 * Creates the endpoint.
	 * @param events the recorded events
	 */
	public BackoffEventsEndpoint(RecentRetryEvents events) {
		this.events = events;
	}

	/**
	 * Lists the recent events of every entry.
	 * @return the events, newest first
	 */
	@ReadOperation
	public EventsDescriptor events() {
		return new EventsDescriptor(this.events.recent(null));
	}

	/**
	 * Lists the recent events of one entry.
	 * @param name the settings entry's name
	 * @return the events, newest first
	 */
	@ReadOperation
	public EventsDescriptor events(@Selector String name) {
		return new EventsDescriptor(this.events.recent(name));
	}

	/**
	 * The recent events.
	 *
	 * @param events newest first
	 */
	public record EventsDescriptor(List<RecentRetryEvents.Summary> events) {
	}

}
