package dev.backoff;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import dev.backoff.autoconfigure.BackoffAutoConfiguration;
import dev.backoff.core.Retrier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages show the architecture: the engine ({@code dev.backoff.core*}) depends on
 * the JDK, SLF4J and JSpecify only; the Spring-facing packages build on it without a
 * cycle between any two of them; and {@code dev.backoff.autoconfigure} is the top, which
 * nothing depends on. Read from the compiled main classes of this module and of
 * {@code backoff-core} by {@code jdeps}, so a dependency the compiler sees is a
 * dependency here, whatever the sources' imports say.
 */
class ArchitectureTests {

	private static final String ROOT = "dev.backoff";

	private static final String TOP = "dev.backoff.autoconfigure";

	private static final String ENGINE = "dev.backoff.core";

	private static final Pattern CLASS_EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S.*$");

	@Test
	void noPackagesDependOnEachOtherInACycle() {
		assertThat(cycles(Compiled.GRAPH.between(ROOT)))
			.as("package cycles (a -> b means a depends on b):%n%s", Compiled.GRAPH.describe(ROOT))
			.isEmpty();
	}

	@Test
	void nothingDependsOnTheAutoConfiguration() {
		List<String> dependents = Compiled.GRAPH.edges()
			.stream()
			.filter((edge) -> !isIn(edge.from(), TOP) && isIn(edge.to(), TOP))
			.map(Compiled.GRAPH::explain)
			.toList();
		assertThat(dependents).as("dependencies on %s", TOP).isEmpty();
	}

	@Test
	void theEngineDependsOnTheJdkSlf4jAndJSpecifyOnly() {
		Set<String> jdk = jdkPackages();
		List<String> foreign = Compiled.GRAPH.edges()
			.stream()
			.filter((edge) -> isIn(edge.from(), ENGINE))
			.filter((edge) -> !jdk.contains(edge.to()) && !isIn(edge.to(), ENGINE) && !isIn(edge.to(), "org.slf4j")
					&& !isIn(edge.to(), "org.jspecify"))
			.map(Compiled.GRAPH::explain)
			.toList();
		assertThat(Compiled.GRAPH.packages()).as("the engine's packages were read").contains(ENGINE);
		assertThat(foreign).as("dependencies of %s outside the JDK, SLF4J and JSpecify", ENGINE).isEmpty();
	}

	@Test
	void everyPackageOfTheModuleIsRead() {
		assertThat(Compiled.GRAPH.packages()).contains(TOP, "dev.backoff.annotation", "dev.backoff.config",
				"dev.backoff.http", "dev.backoff.interceptor");
	}

	@Test
	void aCycleIsFoundAndListedInOrder() {
		Map<String, Set<String>> graph = graph("a -> b", "b -> c", "c -> a", "c -> d", "d -> e", "e -> d", "f -> a");
		assertThat(cycles(graph)).containsExactly(List.of("a", "b", "c", "a"), List.of("d", "e", "d"));
	}

	@Test
	void aGraphWithoutACycleHasNone() {
		Map<String, Set<String>> graph = graph("a -> b", "a -> c", "b -> d", "c -> d", "d -> e");
		assertThat(cycles(graph)).isEmpty();
	}

	@Test
	void jdepsLinesBecomePackageEdgesWithTheClassesThatMakeThem() {
		PackageGraph graph = PackageGraph.parse("""
				classes -> java.base
				   dev.backoff.http.HttpRetryPolicy          -> dev.backoff.autoconfigure.Extractor      classes
				   dev.backoff.http.HttpRetryPolicy$Failures -> dev.backoff.http.HttpRetryPolicy          classes
				   dev.backoff.http.HttpRetryPolicy          -> java.lang.Object                          java.base
				   dev.backoff.autoconfigure.Extractor       -> dev.backoff.http.HttpRetryPolicy          classes
				""");
		assertThat(graph.between(ROOT)).isEqualTo(graph("dev.backoff.autoconfigure -> dev.backoff.http",
				"dev.backoff.http -> dev.backoff.autoconfigure"));
		assertThat(cycles(graph.between(ROOT)))
			.containsExactly(List.of("dev.backoff.autoconfigure", "dev.backoff.http", "dev.backoff.autoconfigure"));
		assertThat(graph.explain(new Edge("dev.backoff.http", "java.lang")))
			.isEqualTo("dev.backoff.http -> java.lang (dev.backoff.http.HttpRetryPolicy -> java.lang.Object)");
	}

	/**
	 * Every cycle of a graph, one per strongly connected component of more than one node:
	 * the shortest path from its smallest node back to itself, e.g. {@code [a, b, c, a]}.
	 * A node's dependency on itself is not a cycle.
	 */
	static List<List<String>> cycles(Map<String, Set<String>> graph) {
		List<List<String>> cycles = new ArrayList<>();
		for (Set<String> component : new StronglyConnected(graph).components()) {
			if (component.size() > 1) {
				cycles.add(shortestCycle(graph, component));
			}
		}
		return cycles;
	}

	private static List<String> shortestCycle(Map<String, Set<String>> graph, Set<String> component) {
		String start = component.iterator().next();
		Map<String, String> reachedFrom = new HashMap<>();
		Deque<String> queue = new ArrayDeque<>(List.of(start));
		while (!queue.isEmpty()) {
			String node = queue.remove();
			for (String next : graph.getOrDefault(node, Set.of())) {
				if (next.equals(start)) {
					List<String> cycle = new ArrayList<>(List.of(start));
					for (String step = node; !step.equals(start); step = reachedFrom.get(step)) {
						cycle.add(1, step);
					}
					cycle.add(start);
					return cycle;
				}
				if (component.contains(next) && !reachedFrom.containsKey(next)) {
					reachedFrom.put(next, node);
					queue.add(next);
				}
			}
		}
		throw new IllegalStateException("No cycle through " + start + " in " + component);
	}

	private static Map<String, Set<String>> graph(String... edges) {
		Map<String, Set<String>> graph = new TreeMap<>();
		for (String edge : edges) {
			String[] ends = edge.split(" -> ");
			graph.computeIfAbsent(ends[0], (node) -> new TreeSet<>()).add(ends[1]);
		}
		return graph;
	}

	private static boolean isIn(String packageName, String root) {
		return packageName.equals(root) || packageName.startsWith(root + ".");
	}

	private static Set<String> jdkPackages() {
		return ModuleFinder.ofSystem()
			.findAll()
			.stream()
			.map(ModuleReference::descriptor)
			.map(ModuleDescriptor::packages)
			.flatMap(Set::stream)
			.collect(Collectors.toSet());
	}

	/** The package graph of the compiled main classes, read once. */
	private static final class Compiled {

		static final PackageGraph GRAPH = PackageGraph
			.parse(jdeps(location(BackoffAutoConfiguration.class).toString(), location(Retrier.class).toString()));

		private static Path location(Class<?> type) {
			try {
				return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			}
			catch (URISyntaxException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static String jdeps(String... archives) {
			ToolProvider jdeps = ToolProvider.findFirst("jdeps")
				.orElseThrow(() -> new IllegalStateException("This JDK has no jdeps tool"));
			StringWriter out = new StringWriter();
			StringWriter err = new StringWriter();
			List<String> arguments = new ArrayList<>(List.of("-verbose:class"));
			arguments.addAll(List.of(archives));
			int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
					arguments.toArray(String[]::new));
			if (status != 0) {
				throw new IllegalStateException("jdeps " + arguments + " failed (" + status + "): " + err);
			}
			return out.toString();
		}

	}

	/**
	 * Which package depends on which, with the class dependencies behind each edge.
	 */
	private record PackageGraph(Map<Edge, Set<String>> reasons) {

		static PackageGraph parse(String jdepsOutput) {
			Map<Edge, Set<String>> reasons = new TreeMap<>();
			for (String line : jdepsOutput.split("\\R")) {
				Matcher matcher = CLASS_EDGE.matcher(line);
				if (matcher.matches()) {
					Edge edge = new Edge(packageOf(matcher.group(1)), packageOf(matcher.group(2)));
					if (!edge.from().equals(edge.to())) {
						reasons.computeIfAbsent(edge, (key) -> new TreeSet<>())
							.add(matcher.group(1) + " -> " + matcher.group(2));
					}
				}
			}
			return new PackageGraph(reasons);
		}

		private static String packageOf(String className) {
			int dot = className.lastIndexOf('.');
			return (dot != -1) ? className.substring(0, dot) : "";
		}

		Set<Edge> edges() {
			return this.reasons.keySet();
		}

		Set<String> packages() {
			return edges().stream().map(Edge::from).collect(Collectors.toCollection(TreeSet::new));
		}

		/** The edges between packages under a root. */
		Map<String, Set<String>> between(String root) {
			Map<String, Set<String>> graph = new TreeMap<>();
			for (Edge edge : edges()) {
				if (isIn(edge.from(), root) && isIn(edge.to(), root)) {
					graph.computeIfAbsent(edge.from(), (node) -> new TreeSet<>()).add(edge.to());
				}
			}
			return graph;
		}

		/** Every cycle under a root, each edge with the classes that make it. */
		String describe(String root) {
			StringBuilder description = new StringBuilder();
			for (List<String> cycle : cycles(between(root))) {
				description.append(String.join(" -> ", cycle)).append('\n');
				for (int i = 0; i < cycle.size() - 1; i++) {
					description.append("  ").append(explain(new Edge(cycle.get(i), cycle.get(i + 1)))).append('\n');
				}
			}
			return description.toString();
		}

		/** An edge with the first few class dependencies that make it. */
		String explain(Edge edge) {
			Set<String> classes = this.reasons.getOrDefault(edge, Set.of());
			String more = (classes.size() > 3) ? ", and " + (classes.size() - 3) + " more" : "";
			return edge + " (" + classes.stream().limit(3).collect(Collectors.joining(", ")) + more + ")";
		}

	}

	private record Edge(String from, String to) implements Comparable<Edge> {

		@Override
		public int compareTo(Edge other) {
			return toString().compareTo(other.toString());
		}

		@Override
		public String toString() {
			return this.from + " -> " + this.to;
		}

	}

	/** Tarjan's strongly connected components, in the order of the graph's nodes. */
	private static final class StronglyConnected {

		private final Map<String, Set<String>> graph;

		private final Map<String, Integer> index = new HashMap<>();

		private final Map<String, Integer> lowLink = new HashMap<>();

		private final Deque<String> stack = new ArrayDeque<>();

		private final Set<String> onStack = new HashSet<>();

		private final List<Set<String>> components = new ArrayList<>();

		StronglyConnected(Map<String, Set<String>> graph) {
			this.graph = graph;
		}

		List<Set<String>> components() {
			for (String node : new TreeSet<>(this.graph.keySet())) {
				if (!this.index.containsKey(node)) {
					visit(node);
				}
			}
			this.components.sort((first, second) -> first.iterator().next().compareTo(second.iterator().next()));
			return this.components;
		}

		private void visit(String node) {
			this.index.put(node, this.index.size());
			this.lowLink.put(node, this.index.get(node));
			this.stack.push(node);
			this.onStack.add(node);
			for (String next : this.graph.getOrDefault(node, Set.of())) {
				if (!this.index.containsKey(next)) {
					visit(next);
					this.lowLink.put(node, Math.min(this.lowLink.get(node), this.lowLink.get(next)));
				}
				else if (this.onStack.contains(next)) {
					this.lowLink.put(node, Math.min(this.lowLink.get(node), this.index.get(next)));
				}
			}
			if (this.lowLink.get(node).equals(this.index.get(node))) {
				Set<String> component = new TreeSet<>();
				String member;
				do {
					member = this.stack.pop();
					this.onStack.remove(member);
					component.add(member);
				}
				while (!member.equals(node));
				this.components.add(component);
			}
		}

	}

}
