package dev.backoff.micrometer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.backoff.core.RetryEvent;
import dev.backoff.core.RetryListener;
import dev.backoff.core.RetryStatistics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts retry events in Micrometer: {@code backoff.success}, {@code backoff.backoff} and
 * {@code backoff.giveup}, one increment per event, tagged {@code name} (settings entry),
 * {@code method} ({@code Class#method} or the retrier's label), {@code exception} (simple
 * class name or {@code none}) and {@code status} (HTTP status or {@code none});
 * {@code backoff.giveup} also carries {@code reason}. Every value comes from a bounded
 * set: never a message, URL or argument.
 * <p>
 * {@code backoff.success} is a function counter per target over the successes the engine
 * counts, registered when the target is first seen (an annotated method when its bean is
 * created); the other counters are created once per tag combination and cached. The meter
 * registry is looked up on first use, so it may be created after this listener.
 *
 * @since 0.1.0
 */
public final class MicrometerRetryListener implements RetryListener {

	/** Counter of calls that succeeded, on any try. */
	public static final String SUCCESS = "backoff.success";

	/** Counter of waits before a retry. */
	public static final String BACKOFF = "backoff.backoff";

	/** Counter of calls that ended without success. */
	public static final String GIVE_UP = "backoff.giveup";

	private static final String NONE = "none";

	private final Supplier<? extends @Nullable MeterRegistry> registrySupplier;

	private volatile @Nullable MeterRegistry registry;

	private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Creates a listener that records into {@code registry}.
	 * @param registry the registry
	 */
	public MicrometerRetryListener(MeterRegistry registry) {
		this(() -> registry);
	}

	/**
	 * Creates a listener that looks the registry up on its first event.
	 * @param registry supplies the registry, or {@code null} while there is none yet
	 */
	public MicrometerRetryListener(Supplier<? extends @Nullable MeterRegistry> registry) {
		this.registrySupplier = registry;
	}

	/**
	 * Registers the target's meters when it is first seen (an annotated method when its
	 * bean is created), so a dashboard can tell "no retries" from "not wired":
	 * {@code backoff.success} as a function counter over the successes the engine counts
	 * (a call that succeeds builds no event and looks up no meter), and
	 * {@code backoff.backoff} and {@code backoff.giveup} at 0 with {@code exception},
	 * {@code status} and {@code reason} set to {@code none}.
	 */
	@Override
	public void onNewTarget(RetryStatistics statistics) {
		MeterRegistry registry = registry();
		if (registry == null) {
			return;
		}
		FunctionCounter.builder(SUCCESS, statistics, RetryStatistics::successes)
			.description(Key.description(SUCCESS))
			.tag("name", statistics.name())
			.tag("method", statistics.target())
			.tag("exception", NONE)
			.tag("status", NONE)
			.register(registry);
		counter(registry, new Key(BACKOFF, statistics.name(), statistics.target(), NONE, null, null));
		counter(registry, new Key(GIVE_UP, statistics.name(), statistics.target(), NONE, null, NONE));
	}

	@Override
	public void onBackoff(RetryEvent event) {
		increment(BACKOFF, event, null);
	}

	@Override
	public void onGiveUp(RetryEvent event) {
		increment(GIVE_UP, event, (event.reason() != null) ? event.reason().tag() : "unknown");
	}

	private void increment(String meter, RetryEvent event, @Nullable String reason) {
		MeterRegistry registry = registry();
		if (registry == null) {
			return;
		}
		// the status stays a number in the key: its text is written once, with the
		// counter
		Key key = new Key(meter, event.name(), event.target(), event.exceptionName(), event.status(), reason);
		counter(registry, key).increment();
	}

	private Counter counter(MeterRegistry registry, Key key) {
		Counter counter = this.counters.get(key);
		return (counter != null) ? counter : this.counters.computeIfAbsent(key, (k) -> k.register(registry));
	}

	private @Nullable MeterRegistry registry() {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			registry = this.registrySupplier.get();
			this.registry = registry;
		}
		return registry;
	}

	private record Key(String meter, String name, String method, String exception, @Nullable Integer status,
			@Nullable String reason) {

		Counter register(MeterRegistry registry) {
			Counter.Builder builder = Counter.builder(this.meter)
				.description(description(this.meter))
				.tag("name", this.name)
				.tag("method", this.method)
				.tag("exception", this.exception)
				.tag("status", (this.status != null) ? this.status.toString() : NONE);
			if (this.reason != null) {
				builder.tag("reason", this.reason);
			}
			return builder.register(registry);
		}

		static String description(String meter) {
			return switch (meter) {
				case SUCCESS -> "Calls that succeeded, on any try";
				case BACKOFF -> "Waits before a retry";
				default -> "Calls that ended without success";
			};
		}

	}

}
