package dev.backoff.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws the storm results as one SVG with two panels: calls, and completion time, against
 * the number of clients, one line per backoff.
 */
final class StormChart {

	private static final String[] COLORS = { "#d62728", "#ff7f0e", "#2ca02c", "#1f77b4", "#9467bd" };

	private static final int WIDTH = 460;

	private static final int HEIGHT = 320;

	private static final int MARGIN = 55;

	private StormChart() {
	}

	static String svg(List<Storm.Point> points) {
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
				2 * WIDTH, HEIGHT + 40));
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		panel(svg, points, 0, "Total calls", Storm.Point::calls);
		panel(svg, points, WIDTH, "Completion time (ms)", Storm.Point::completionMillis);
		int x = MARGIN;
		for (Storm.Backoff backoff : Storm.Backoff.values()) {
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
							+ "<text x=\"%d\" y=\"%d\">%s</text>%n",
					x, HEIGHT + 15, COLORS[backoff.ordinal()], x + 16, HEIGHT + 26, backoff.label));
			x += 24 + 7 * backoff.label.length();
		}
		return svg.append("</svg>\n").toString();
	}

	private static void panel(StringBuilder svg, List<Storm.Point> points, int left, String title,
			ToDoubleFunction<Storm.Point> value) {
		double maxX = points.stream().mapToInt(Storm.Point::clients).max().orElse(1);
		double maxY = points.stream().mapToDouble(value).max().orElse(1);
		int plotW = WIDTH - 2 * MARGIN + 20;
		int plotH = HEIGHT - 2 * MARGIN;
		int x0 = left + MARGIN;
		int y0 = MARGIN + plotH;
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x0,
				MARGIN - 15, title));
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
				x0, y0, x0 + plotW, y0, x0, y0, x0, MARGIN));
		for (int i = 0; i <= 4; i++) {
			double y = maxY * i / 4;
			int py = (int) (y0 - plotH * (y / maxY));
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
					x0 - 5, py + 4, y, x0, py, x0 + plotW, py));
		}
		for (int clients = 10; clients <= maxX; clients += 60) {
			int px = (int) (x0 + plotW * (clients / maxX));
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", px,
					y0 + 16, clients));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">clients</text>%n",
				x0 + plotW / 2, y0 + 32));
		for (Storm.Backoff backoff : Storm.Backoff.values()) {
			StringBuilder line = new StringBuilder();
			for (Storm.Point point : points) {
				if (point.backoff() == backoff) {
					line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x0 + plotW * (point.clients() / maxX),
							y0 - plotH * (value.applyAsDouble(point) / maxY)));
				}
			}
			svg.append(String.format(Locale.ROOT,
					"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
					COLORS[backoff.ordinal()], line.toString().trim()));
		}
	}

}
