package dev.backoff.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.backoff.core.BudgetSettings;
import dev.backoff.core.Jitter;
import dev.backoff.core.Retrier;
import dev.backoff.core.RetryBudget;
import dev.backoff.core.RetryBudgetStore;
import dev.backoff.core.RetryRegistry;
import dev.backoff.core.RetrySettings;
import dev.backoff.core.WaitStrategy;
import dev.backoff.core.test.FakeTime;

/**
 * A retry storm against a hard-down downstream, run through the engine itself: N replicas
 * each serve {@value #REQUESTS_PER_REPLICA} requests, every call fails, and each request
 * is a {@code Retrier.call} with the default 11 tries. Compared: no budget, a budget per
 * replica (each replica's own bucket, as {@code store: local} gives), and one fleet
 * budget (one bucket for all, as {@code store: redis} gives). The AWS numbers: 500
 * tokens, 5 per retry, 1 back per success (none here: nothing succeeds). Time is
 * {@link FakeTime}: nothing sleeps.
 */
final class BudgetStorm {

	static final int REQUESTS_PER_REPLICA = 100;

	static final int[] REPLICAS = { 1, 10, 100 };

	private BudgetStorm() {
	}

	static List<Point> run() {
		List<Point> points = new ArrayList<>();
		for (int replicas : REPLICAS) {
			for (Mode mode : Mode.values()) {
				points.add(run(replicas, mode));
			}
		}
		return points;
	}

	private static Point run(int replicas, Mode mode) {
		// one bucket per key for every replica, as Redis keeps it
		Map<String, RetryBudget> shared = new ConcurrentHashMap<>();
		RetryBudgetStore fleet = (key, budget) -> shared.computeIfAbsent(key,
				(name) -> RetryBudgetStore.local().budget(name, budget));
		RetrySettings settings = RetrySettings.builder()
			.strategy(WaitStrategy.constant())
			.jitter(Jitter.none())
			.budget((mode == Mode.NONE) ? BudgetSettings.DEFAULTS : BudgetSettings.DEFAULTS.enable())
			.build();
		List<Retrier> instances = new ArrayList<>();
		for (int i = 0; i < replicas; i++) {
			instances.add(RetryRegistry.builder()
				.fakeTime(new FakeTime())
				.budgetStore((mode == Mode.FLEET) ? fleet : RetryBudgetStore.local())
				.settings("downstream", settings)
				.build()
				.retrier("downstream"));
		}
		AtomicLong calls = new AtomicLong();
		// requests arrive in turn at every replica, as a load balancer spreads them
		for (int request = 0; request < REQUESTS_PER_REPLICA; request++) {
			for (Retrier instance : instances) {
				try {
					instance.call(() -> {
						calls.incrementAndGet();
						throw new IOException("hard down");
					});
				}
				catch (Exception expected) {
					// every request fails: the downstream is down
				}
			}
		}
		return new Point(replicas, mode, (long) replicas * REQUESTS_PER_REPLICA, calls.get());
	}

	/** The calls per request, one group of bars per fleet size. */
	static String svg(List<Point> points) {
		int width = 640;
		int height = 340;
		int margin = 60;
		double max = points.stream().mapToDouble(Point::callsPerRequest).max().orElse(1);
		String[] colors = { "#d62728", "#ff7f0e", "#2ca02c" };
		StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
						+ "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
				width, height));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"20\" font-size=\"14\">Hard-down downstream: calls per request (11 tries each)</text>%n",
				margin));
		int plotHeight = height - 2 * margin;
		int groupWidth = (width - 2 * margin) / REPLICAS.length;
		int barWidth = groupWidth / 4;
		for (int g = 0; g < REPLICAS.length; g++) {
			int x0 = margin + g * groupWidth + barWidth / 2;
			for (Mode mode : Mode.values()) {
				Point point = find(points, REPLICAS[g], mode);
				int barHeight = (int) Math.round(plotHeight * point.callsPerRequest() / max);
				int x = x0 + mode.ordinal() * barWidth;
				int y = height - margin - barHeight;
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n"
								+ "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.2f</text>%n",
						x, y, barWidth - 4, barHeight, colors[mode.ordinal()], x + barWidth / 2 - 2, y - 4,
						point.callsPerRequest()));
			}
			svg.append(
					String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d replica%s</text>%n",
							x0 + (3 * barWidth) / 2, height - margin + 18, REPLICAS[g], (REPLICAS[g] == 1) ? "" : "s"));
		}
		for (Mode mode : Mode.values()) {
			int y = 40 + 16 * mode.ordinal();
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
					width - 230, y, colors[mode.ordinal()], width - 215, y + 9, mode.label));
		}
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
				margin, height - margin, width - margin, height - margin));
		return svg.append("</svg>\n").toString();
	}

	static Point find(List<Point> points, int replicas, Mode mode) {
		return points.stream()
			.filter((point) -> point.replicas() == replicas && point.mode() == mode)
			.findFirst()
			.orElseThrow();
	}

	enum Mode {

		NONE("no budget"), LOCAL("a budget per replica"), FLEET("one fleet budget");

		final String label;

		Mode(String label) {
			this.label = label;
		}

	}

	/**
	 * One run.
	 *
	 * @param replicas how many instances
	 * @param mode the budget
	 * @param requests the requests served, in all
	 * @param calls the calls made to the downstream, in all
	 */
	record Point(int replicas, Mode mode, long requests, long calls) {

		double callsPerRequest() {
			return (double) this.calls / this.requests;
		}

		long retries() {
			return this.calls - this.requests;
		}

	}

}
