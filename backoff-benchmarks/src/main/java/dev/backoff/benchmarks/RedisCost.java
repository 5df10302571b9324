package dev.backoff.benchmarks;

import java.net.ServerSocket;

import dev.backoff.core.BudgetSettings;
import dev.backoff.core.RetryBudget;
import dev.backoff.redis.RedisRetryBudgetStore;
import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the fleet-wide budget costs, against a real Redis on loopback: a retry decision is
 * one Lua round trip; a success only adds to a local counter (flushed every 100 ms). Each
 * is timed over many calls after a warm-up; the local bucket's decision is measured
 * beside them.
 */
final class RedisCost {

	private static final int WARM_UP = 5_000;

	private static final int MEASURED = 20_000;

	private RedisCost() {
	}

	static Result run() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").build();
		server.start();
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		connections.afterPropertiesSet();
		connections.start();
		try (RedisRetryBudgetStore store = new RedisRetryBudgetStore(new StringRedisTemplate(connections), "bench:",
				new dev.backoff.core.Scheduler() {
					@Override
					public java.util.concurrent.Future<?> schedule(Runnable task, java.time.Duration delay) {
						return java.util.concurrent.CompletableFuture.completedFuture(null);
					}
				}, System::nanoTime)) {
			BudgetSettings huge = new BudgetSettings(true, Integer.MAX_VALUE, 1, 1, 0);
			RetryBudget redis = store.budget("decisions", huge);
			RetryBudget local = dev.backoff.core.RetryBudgetStore.local().budget("decisions", huge);
			return new Result(mean(() -> redis.tryAcquire(1)), mean(() -> redis.release(1)),
					mean(() -> local.tryAcquire(1)));
		}
		finally {
			connections.destroy();
			server.stop();
		}
	}

	private static double mean(Runnable call) {
		for (int i = 0; i < WARM_UP; i++) {
			call.run();
		}
		long start = System.nanoTime();
		for (int i = 0; i < MEASURED; i++) {
			call.run();
		}
		return (double) (System.nanoTime() - start) / MEASURED;
	}

	/**
	 * Mean costs, in nanoseconds.
	 *
	 * @param redisDecision one retry decision through Redis
	 * @param redisSuccess one success's refund (batched)
	 * @param localDecision one retry decision with the in-memory bucket
	 */
	record Result(double redisDecision, double redisSuccess, double localDecision) {
	}

}
