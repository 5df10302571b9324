package dev.backoff.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event as {@code kind:tries} plus the event itself. */
class RecordingListener implements RetryListener {

	final List<String> kinds = new CopyOnWriteArrayList<>();

	final List<RetryEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onSuccess(RetryEvent event) {
		this.kinds.add("success:" + event.tries());
		this.events.add(event);
	}

	@Override
	public void onBackoff(RetryEvent event) {
		this.kinds.add("backoff:" + event.tries());
		this.events.add(event);
	}

	@Override
	public void onGiveUp(RetryEvent event) {
		this.kinds.add("giveup:" + event.tries() + ":" + event.reason().tag());
		this.events.add(event);
	}

	RetryEvent last() {
		return this.events.get(this.events.size() - 1);
	}

}
