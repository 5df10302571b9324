package dev.backoff.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A downstream service that misbehaves on a script, on its own loopback port (a separate
 * server, so it can drop connections as a real one does). Each demo run passes
 * {@code ?run=<id>}; the n-th request of a run gets the n-th step of its path's script,
 * so every run behaves the same.
 */
@Component
public class FlakyDownstream implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FlakyDownstream.class);

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	@SuppressWarnings("this-escape") // the server may call handle at once: it reads only
										// fields already set
	public FlakyDownstream() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
		logger.info("Flaky downstream listening on {}", url());
	}

	/** Returns the base URL, e.g. {@code http://127.0.0.1:41234}. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Returns how many requests a run made to a path. */
	public int requests(String path, String run) {
		AtomicInteger count = this.requests.get(path + "?" + run);
		return (count != null) ? count.get() : 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getQuery();
		String run = (query != null && query.startsWith("run=")) ? query.substring(4) : "none";
		int n = this.requests.computeIfAbsent(path + "?" + run, (key) -> new AtomicInteger()).incrementAndGet();
		switch (path) {
			case "/unavailable" -> respond(exchange, (n <= 2) ? 503 : 200, (n <= 2) ? "busy" : "ok");
			case "/rate-limited" -> {
				if (n == 1) {
					exchange.getResponseHeaders().add("Retry-After", "1");
					respond(exchange, 429, "slow down");
				}
				else {
					respond(exchange, 200, "ok");
				}
			}
			case "/not-found-then-found" -> respond(exchange, (n == 1) ? 404 : 200, (n == 1) ? "not yet" : "found");
			case "/job" -> respond(exchange, 200, (n < 3) ? "running" : "done");
			case "/slow" -> {
				if (n == 1) {
					pause(800);
				}
				respond(exchange, 200, "ok");
			}
			case "/drop" -> {
				// HttpURLConnection resends a GET once by itself after a drop: drop two
				if (n <= 2) {
					exchange.close();
				}
				else {
					respond(exchange, 200, "ok");
				}
			}
			case "/bad-request" -> respond(exchange, 400, "bad request");
			case "/down" -> respond(exchange, 503, "down");
			default -> respond(exchange, 404, "no such path");
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
