package dev.backoff.autoconfigure;

import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Applies a changed {@code backoff.*} when Spring Cloud says the environment changed
 * (after {@code /actuator/refresh}, a Spring Cloud Bus event or any
 * {@code ContextRefresher}). It runs before Spring Cloud's own rebinding, so the report
 * of an invalid change is logged even when that rebinding fails, and it ignores changes
 * to other keys.
 */
final class BackoffEnvironmentChangeListener implements ApplicationListener<EnvironmentChangeEvent>, Ordered {

	private final ObjectProvider<BackoffSettingsRebinder> rebinder;

	BackoffEnvironmentChangeListener(ObjectProvider<BackoffSettingsRebinder> rebinder) {
		this.rebinder = rebinder;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		if (concernsBackoff(event.getKeys())) {
			this.rebinder.ifAvailable(BackoffSettingsRebinder::refresh);
		}
	}

	/**
	 * Whether a key is under {@code backoff}: {@code backoff.x}, {@code backoff[x]} or
	 * {@code BACKOFF_X}.
	 */
	static boolean concernsBackoff(Set<String> keys) {
		for (String key : keys) {
			String lower = key.toLowerCase(Locale.ROOT);
			if (lower.startsWith("backoff.") || lower.startsWith("backoff[") || lower.startsWith("backoff_")) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
