package dev.backoff.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.backoff.core.RetryListener;
import dev.backoff.interceptor.RetryableAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The {@code RetryListener} beans that some {@code backoff.*.listeners} or
 * {@code @Retryable(listeners)} names: they are the handlers of those entries and methods
 * only, so the registry does not make them global listeners too. The annotations are read
 * from the bean definitions' classes (by {@link RetryableAttributes}, as the interceptor
 * reads them), and only when some listener bean exists to be named.
 */
final class NamedListeners {

	private NamedListeners() {
	}

	/**
	 * Returns the named listener beans, compared by identity.
	 * @param properties the bound properties
	 * @param beans the bean factory
	 * @return the beans that are handlers, not global listeners
	 */
	static Set<Object> find(BackoffProperties properties, ListableBeanFactory beans) {
		String[] listenerBeans = beans.getBeanNamesForType(RetryListener.class, true, false);
		Set<Object> named = Collections.newSetFromMap(new IdentityHashMap<>());
		if (listenerBeans.length == 0) {
			return named;
		}
		Set<String> names = new LinkedHashSet<>();
		addAll(names, properties.getDefaults().getListeners());
		properties.getSettings().values().forEach((entry) -> addAll(names, entry.getListeners()));
		// each class's annotations are read once per JVM (RetryableAttributes.findAll)
		for (String beanName : beans.getBeanDefinitionNames()) {
			Class<?> type = beans.getType(beanName, false);
			if (type != null) {
				RetryableAttributes.findAll(ClassUtils.getUserClass(type))
					.values()
					.forEach((attributes) -> names.addAll(attributes.listeners()));
			}
		}
		for (String name : listenerBeans) {
			if (names.contains(name)) {
				named.add(beans.getBean(name));
			}
		}
		return named;
	}

	private static void addAll(Set<String> names, @Nullable List<String> listeners) {
		if (listeners != null) {
			listeners.forEach((name) -> names.add(name.trim()));
		}
	}

}
