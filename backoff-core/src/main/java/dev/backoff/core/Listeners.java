package dev.backoff.core;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's listeners, told in order, followed by the handlers of a retrier's
 * settings when it has some ({@link #with}). A listener that throws anything is logged
 * and skipped: it never changes a call's outcome. Which methods any listener overrides is
 * found once, so the engine builds an event (or counts successes) only when someone
 * listens.
 */
final class Listeners {

	private static final Logger logger = LoggerFactory.getLogger("dev.backoff");

	private final RetryListener[] listeners;

	final boolean onSuccess;

	final boolean onBackoff;

	final boolean onGiveUp;

	final boolean onNewTarget;

	final boolean onFirstFailure;

	/** Whether any listener needs the time an invocation started: for elapsed times. */
	final boolean needsElapsed;

	Listeners(List<RetryListener> listeners) {
		this(listeners.toArray(RetryListener[]::new), null);
	}

	/**
	 * New targets are the registry's affair: with handlers, only the registry's listeners
	 * count.
	 */
	private Listeners(RetryListener[] listeners, @Nullable Listeners registry) {
		this.listeners = listeners;
		this.onSuccess = anyOverrides("onSuccess", RetryEvent.class);
		this.onBackoff = anyOverrides("onBackoff", RetryEvent.class);
		this.onGiveUp = anyOverrides("onGiveUp", RetryEvent.class);
		this.onNewTarget = (registry != null) ? registry.onNewTarget
				: anyOverrides("onNewTarget", RetryStatistics.class);
		this.onFirstFailure = anyOverrides("onFirstFailure", RetryEvent.class);
		this.needsElapsed = this.onSuccess || this.onBackoff || this.onGiveUp || this.onFirstFailure;
	}

	/**
	 * Returns these listeners followed by a settings entry's handlers, or these very
	 * listeners when there are none: a retrier without handlers does exactly what it did.
	 * @param handlers the settings' handlers, in order
	 * @return the listeners a retrier tells
	 */
	Listeners with(List<RetryListener> handlers) {
		if (handlers.isEmpty()) {
			return this;
		}
		RetryListener[] all = Arrays.copyOf(this.listeners, this.listeners.length + handlers.size());
		for (int i = 0; i < handlers.size(); i++) {
			all[this.listeners.length + i] = handlers.get(i);
		}
		return new Listeners(all, this);
	}

	/** Asks each listener to follow a call from its first failure; empty if none does. */
	RetryListener.CallListener[] firstFailure(RetryEvent event) {
		RetryListener.CallListener[] following = new RetryListener.CallListener[this.listeners.length];
		int count = 0;
		for (RetryListener listener : this.listeners) {
			try {
				RetryListener.CallListener callListener = listener.onFirstFailure(event);
				if (callListener != null) {
					following[count++] = callListener;
				}
			}
			catch (Throwable ex) {
				failed(listener, event, ex);
			}
		}
		if (count == 0) {
			return RetryReporter.NOT_FOLLOWED;
		}
		return (count == following.length) ? following : Arrays.copyOf(following, count);
	}

	/** Tells a call's own listeners, each isolated like a listener. */
	<E> void tellCall(RetryListener.CallListener[] callListeners, E event,
			BiConsumer<RetryListener.CallListener, E> method) {
		for (RetryListener.CallListener callListener : callListeners) {
			try {
				method.accept(callListener, event);
			}
			catch (Throwable ex) {
				logger.warn("A call listener failed on {}; the call's outcome is unchanged", event, ex);
			}
		}
	}

	void success(RetryEvent event) {
		tell(event, RetryListener::onSuccess);
	}

	void backoff(RetryEvent event) {
		tell(event, RetryListener::onBackoff);
	}

	void giveUp(RetryEvent event) {
		tell(event, RetryListener::onGiveUp);
	}

	void newTarget(RetryStatistics statistics) {
		tell(statistics, RetryListener::onNewTarget);
	}

	private <E> void tell(E event, BiConsumer<RetryListener, E> method) {
		for (RetryListener listener : this.listeners) {
			try {
				method.accept(listener, event);
			}
			catch (Throwable ex) {
				failed(listener, event, ex);
			}
		}
	}

	/** A listener's failure is logged and isolated: the call goes on as if it had not. */
	private static void failed(RetryListener listener, Object event, Throwable ex) {
		logger.warn("RetryListener {} failed on {}; the call's outcome is unchanged", listener, event, ex);
	}

	private boolean anyOverrides(String method, Class<?> parameter) {
		for (RetryListener listener : this.listeners) {
			try {
				if (listener.getClass().getMethod(method, parameter).getDeclaringClass() != RetryListener.class) {
					return true;
				}
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return false;
	}

}
