package dev.backoff.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real Redis server (the binary shipped by the embedded-redis artifact) on 127.0.0.1
 * and a free port, without persistence. Registered as a static JUnit extension, it is
 * stopped after the test class.
 */
final class EmbeddedRedis implements AfterAllCallback {

	/**
	 * Short, so the one test that stops Redis does not wait Lettuce's default minute per
	 * command, yet long enough for a first connection on a loaded machine (0.5 s was
	 * not).
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(2);

	final int port;

	private final RedisServer server;

	EmbeddedRedis() {
		this.port = freePort();
		try {
			this.server = RedisServer.newRedisServer()
				.port(this.port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void stop() throws IOException {
		this.server.stop();
	}

	void start() throws IOException {
		this.server.start();
	}

	LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.port),
				LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	String[] springProperties() {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port,
				"spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms",
				"spring.data.redis.connect-timeout=" + TIMEOUT.toMillis() + "ms" };
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.server.isActive()) {
			this.server.stop();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
