package dev.backoff.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import dev.backoff.core.Jitter;
import dev.backoff.core.WaitStrategy;

/**
 * The simulation of the AWS Architecture Blog post "Exponential Backoff And Jitter": N
 * clients each make one optimistic-concurrency write to the same record. A try reads the
 * record's version and then writes it back conditionally; the write fails if another
 * client wrote in between, and the client backs off and tries again. Every network hop
 * takes |Normal(10 ms, 2 ms)|. Base 5 ms, cap 2 s. Time is simulated (an event queue),
 * nothing sleeps. The backoffs are this project's own {@link WaitStrategy} and
 * {@link Jitter}.
 */
final class Storm {

	static final long MS = 1_000_000L;

	static final long BASE = 5 * MS;

	static final long CAP = 2_000 * MS;

	static final int RUNS = 40;

	private Storm() {
	}

	static List<Point> run() {
		List<Point> points = new ArrayList<>();
		for (int clients = 10; clients <= 190; clients += 10) {
			for (Backoff backoff : Backoff.values()) {
				double calls = 0;
				double completion = 0;
				for (int run = 0; run < RUNS; run++) {
					long[] outcome = simulate(clients, backoff, new SplittableRandom(run * 7919L + clients));
					calls += outcome[0];
					completion += outcome[1] / (double) MS;
				}
				points.add(new Point(clients, backoff, calls / RUNS, completion / RUNS));
			}
		}
		return points;
	}

	/**
	 * Runs one simulation: every client writes once, backing off after each conflict.
	 * @return the calls made and the time the last client finished, in nanoseconds
	 */
	static long[] simulate(int clients, Backoff backoff, SplittableRandom random) {
		PriorityQueue<Event> queue = new PriorityQueue<>();
		long[] order = { 0 };
		int[] versionRead = new int[clients];
		boolean[] succeeded = new boolean[clients];
		int[] retries = new int[clients];
		long[] previousWait = new long[clients];
		int version = 0;
		long calls = 0;
		long finished = 0;
		for (int client = 0; client < clients; client++) {
			previousWait[client] = BASE;
			queue.add(new Event(hop(random), order[0]++, Kind.READ_AT_SERVER, client));
		}
		while (!queue.isEmpty()) {
			Event event = queue.poll();
			int client = event.client();
			switch (event.kind()) {
				case READ_AT_SERVER -> {
					versionRead[client] = version;
					queue.add(new Event(event.time() + hop(random), order[0]++, Kind.READ_AT_CLIENT, client));
				}
				case READ_AT_CLIENT ->
					queue.add(new Event(event.time() + hop(random), order[0]++, Kind.WRITE_AT_SERVER, client));
				case WRITE_AT_SERVER -> {
					calls++;
					succeeded[client] = versionRead[client] == version;
					if (succeeded[client]) {
						version++;
					}
					queue.add(new Event(event.time() + hop(random), order[0]++, Kind.WRITE_AT_CLIENT, client));
				}
				case WRITE_AT_CLIENT -> {
					if (succeeded[client]) {
						finished = Math.max(finished, event.time());
					}
					else {
						retries[client]++;
						long wait = backoff.wait(retries[client], previousWait[client], random);
						previousWait[client] = wait;
						queue
							.add(new Event(event.time() + wait + hop(random), order[0]++, Kind.READ_AT_SERVER, client));
					}
				}
			}
		}
		return new long[] { calls, finished };
	}

	private static long hop(SplittableRandom random) {
		double millis = Math.abs(10 + 2 * nextGaussian(random));
		return (long) (millis * MS);
	}

	/**
	 * Box-Muller on the splittable source, so every run is reproducible from its seed.
	 */
	private static double nextGaussian(SplittableRandom random) {
		double u1 = 1.0 - random.nextDouble();
		double u2 = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
	}

	/** The strategies compared, as in the post. */
	enum Backoff {

		NONE("no backoff", null, Jitter.none()),
		EXPONENTIAL("exponential, no jitter", WaitStrategy.exponential(2), Jitter.none()),
		FULL("full jitter", WaitStrategy.exponential(2), Jitter.full()),
		EQUAL("equal jitter", WaitStrategy.exponential(2), Jitter.equal()),
		DECORRELATED("decorrelated jitter", WaitStrategy.decorrelatedJitter(), Jitter.none());

		final String label;

		final WaitStrategy strategy;

		final Jitter jitter;

		Backoff(String label, WaitStrategy strategy, Jitter jitter) {
			this.label = label;
			this.strategy = strategy;
			this.jitter = jitter;
		}

		long wait(int retry, long previous, SplittableRandom random) {
			if (this.strategy == null) {
				return 0;
			}
			long wait = Math.min(CAP, this.strategy.waitNanos(retry, previous, BASE, CAP, random.nextDouble()));
			return Math.min(CAP, this.jitter.apply(wait, random.nextDouble()));
		}

	}

	/** Mean calls (writes tried) and mean completion time over the runs. */
	record Point(int clients, Backoff backoff, double calls, double completionMillis) {
	}

	private enum Kind {

		READ_AT_SERVER, READ_AT_CLIENT, WRITE_AT_SERVER, WRITE_AT_CLIENT

	}

	private record Event(long time, long order, Kind kind, int client) implements Comparable<Event> {

		@Override
		public int compareTo(Event other) {
			int byTime = Long.compare(this.time, other.time);
			return (byTime != 0) ? byTime : Long.compare(this.order, other.order);
		}

	}

}
