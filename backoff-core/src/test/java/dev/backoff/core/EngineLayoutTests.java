package dev.backoff.core;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's classes depend on each other one way: what {@code jdeps} reads from the
 * compiled main classes ({@code target/classes}), nested classes counted as their
 * top-level class. The pairs that once referred to each other stay apart, the packages
 * form no cycle, and the decision stays free of listeners, time and drivers.
 */
class EngineLayoutTests {

	private static final Pattern DEPENDENCY = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)");

	/** Each top-level class of {@code dev.backoff}, and the top-level classes it uses. */
	private static Map<String, Set<String>> uses;

	@BeforeAll
	static void readTheDependencies() throws Exception {
		Path classes = Path.of(Retrier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), "-verbose:class", "-filter:none",
				"-e", "dev\\.backoff\\..*", classes.toString());
		assertThat(exit).as("jdeps: %s", err).isZero();
		uses = new TreeMap<>();
		for (String line : out.toString().split("\\R")) {
			Matcher dependency = DEPENDENCY.matcher(line);
			if (dependency.find()) {
				String from = topLevel(dependency.group(1));
				String to = topLevel(dependency.group(2));
				if (!from.equals(to)) {
					uses.computeIfAbsent(from, (key) -> new TreeSet<>()).add(to);
				}
			}
		}
	}

	@Test
	void theScanFindsTheDependenciesThereAre() {
		assertThat(uses("Retrier")).contains(core("RetryExecution"), core("RetryPlan"));
		assertThat(uses("RetryRegistry")).contains(core("Retrier"));
		assertThat(uses("RetrySettings")).contains(core("Presets"));
		assertThat(uses.get("dev.backoff.core.test.FakeTime")).contains(core("Ticker"));
	}

	@Test
	void theEnginesFormerCyclesStayBroken() {
		assertThat(List.of(List.of("Retrier", "RetryExecution"), List.of("Retrier", "RetryRegistry"),
				List.of("RetrySettings", "Presets"), List.of("RetryListener", "RetryExecution")))
			.allSatisfy((pair) -> assertThat(
					uses(pair.get(0)).contains(core(pair.get(1))) && uses(pair.get(1)).contains(core(pair.get(0))))
				.as("%s and %s refer to each other", pair.get(0), pair.get(1))
				.isFalse());
	}

	@Test
	void anExecutionNeedsNothingOfItsRetrierNorTheRetrierOfItsRegistry() {
		assertThat(uses("RetryExecution")).doesNotContain(core("Retrier"), core("RetryRegistry"));
		assertThat(uses("Retrier")).doesNotContain(core("RetryRegistry"));
		assertThat(uses("Presets")).doesNotContain(core("RetrySettings"));
	}

	@Test
	void theDecisionKnowsNoListenerNoTimeAndNoDriver() {
		assertThat(uses("RetryDecision")).doesNotContain(core("Listeners"), core("RetryListener"), core("RetryLog"),
				core("RetryReporter"), core("RetryStatistics"), core("RetryEvent"), core("RetryExecution"),
				core("Retrier"), core("RetryRuntime"), core("Ticker"), core("Sleeper"), core("Scheduler"));
		assertThat(uses("TryHistory")).doesNotContain(core("RetryDecision"), core("RetryReporter"),
				core("RetryExecution"));
		assertThat(uses("RetryReporter")).doesNotContain(core("RetryDecision"), core("RetryExecution"));
	}

	@Test
	void thePackagesOfTheEngineFormNoCycle() {
		Map<String, Set<String>> packages = new TreeMap<>();
		uses.forEach((from, targets) -> targets.forEach((to) -> {
			if (!packageOf(from).equals(packageOf(to))) {
				packages.computeIfAbsent(packageOf(from), (key) -> new TreeSet<>()).add(packageOf(to));
			}
		}));
		assertThat(packages).containsKey("dev.backoff.core.test");
		for (String each : packages.keySet()) {
			assertThat(reachableFrom(each, packages)).as("packages reached from %s", each).doesNotContain(each);
		}
	}

	private static Set<String> reachableFrom(String start, Map<String, Set<String>> graph) {
		Set<String> reached = new HashSet<>();
		List<String> pending = new ArrayList<>(graph.getOrDefault(start, Set.of()));
		while (!pending.isEmpty()) {
			String next = pending.remove(pending.size() - 1);
			if (reached.add(next)) {
				pending.addAll(graph.getOrDefault(next, Set.of()));
			}
		}
		return reached;
	}

	private static Set<String> uses(String coreClass) {
		return uses.getOrDefault(core(coreClass), Set.of());
	}

	private static String core(String simpleName) {
		return "dev.backoff.core." + simpleName;
	}

	private static String topLevel(String className) {
		int nested = className.indexOf('$');
		return (nested != -1) ? className.substring(0, nested) : className;
	}

	private static String packageOf(String className) {
		return className.substring(0, className.lastIndexOf('.'));
	}

}
