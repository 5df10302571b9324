package dev.backoff.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that answers each path from a script, repeating its last
 * step, and counts the requests it receives. Public for the Redis budget's BlockHound
 * tests.
 */
public final class FlakyServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Map<String, Queue<Step>> scripts = new ConcurrentHashMap<>();

	private final Map<String, Step> lastSteps = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final CountDownLatch stopped = new CountDownLatch(1);

	public FlakyServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public void script(String path, Step... steps) {
		this.scripts.put(path, new ConcurrentLinkedQueue<>(List.of(steps)));
		this.lastSteps.put(path, steps[steps.length - 1]);
	}

	public int requests(String path) {
		AtomicInteger count = this.requests.get(path);
		return (count != null) ? count.get() : 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		this.requests.computeIfAbsent(path, (p) -> new AtomicInteger()).incrementAndGet();
		exchange.getRequestBody().readAllBytes();
		Queue<Step> script = this.scripts.get(path);
		Step step = (script != null) ? script.poll() : null;
		if (step == null) {
			step = this.lastSteps.getOrDefault(path, respond(404, "no script"));
		}
		step.handle(exchange);
	}

	@Override
	public void close() {
		this.stopped.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	public static Step respond(int status, String body, String... headers) {
		return (exchange) -> {
			for (int i = 0; i < headers.length; i += 2) {
				exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		};
	}

	/** Drops the connection without answering. */
	static Step drop() {
		return HttpExchange::close;
	}

	/**
	 * Answers only when the server stops (at most after 5 s): long past any short client
	 * read timeout, without a fixed sleep.
	 */
	Step stall(Step then) {
		return (exchange) -> {
			try {
				if (!this.stopped.await(5, TimeUnit.SECONDS)) {
					then.handle(exchange);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	/** One answer of a script. */
	@FunctionalInterface
	public interface Step {

		void handle(HttpExchange exchange) throws IOException;

	}

}
