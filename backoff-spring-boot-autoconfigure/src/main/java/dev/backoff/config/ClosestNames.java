package dev.backoff.config;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * Finds the valid name a misspelt one was meant to be, for the "did you mean" of a
 * configuration problem: a property key, a bean name, an HTTP service group.
 *
 * @since 0.1.0
 */
public final class ClosestNames {

	private ClosestNames() {
	}

	/**
	 * The candidate closest to a misspelt name, if it is close enough to be what was
	 * meant: at most two edits away, or a third of the name's length for long names.
	 * @param wrong the name as written
	 * @param candidates the valid names
	 * @return the closest valid name, or {@code null} if none is close
	 */
	public static @Nullable String closest(String wrong, Collection<String> candidates) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int distance = distance(wrong, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return (best != null && bestDistance <= Math.max(2, wrong.length() / 3)) ? best : null;
	}

	/** The Levenshtein distance: edits that turn one name into the other. */
	static int distance(String from, String to) {
		int[] previous = new int[to.length() + 1];
		int[] current = new int[to.length() + 1];
		for (int j = 0; j <= to.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= from.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= to.length(); j++) {
				int substitution = previous[j - 1] + ((from.charAt(i - 1) == to.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[to.length()];
	}

}
