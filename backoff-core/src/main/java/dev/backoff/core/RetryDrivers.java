package dev.backoff.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The integration SPI: what code that drives retries itself needs beyond the user API of
 * {@link Retrier} and {@link RetryRegistry}. The starter's {@code @Retryable}
 * interceptor, its HTTP client interceptors and its Reactor driver are built on it; an
 * application calls {@link Retrier#call}, {@link Retrier#callAsync} and
 * {@link Retrier#decorate} instead, and never needs this class.
 * <p>
 * A driver only makes tries and waits: each call is one {@link RetryExecution}, which
 * decides after every outcome whether to wait and try again, under the same rules for
 * every driver.
 * <ul>
 * <li>{@link #execute} is the blocking driver, for a caller that has a context to hand
 * each try without allocating a closure per call; {@link #blocking()} is the same driver
 * as a value, for a caller that sits between a user's method and its callers;</li>
 * <li>{@link #executeAsync} retries a {@code CompletionStage} without blocking;</li>
 * <li>{@link #start} and {@link #prepare} hand the loop to the caller: an HTTP
 * interceptor that retries a request, a reactive stream that resubscribes;</li>
 * <li>{@link #withBudgetKey}, {@link #newRetrier} and {@link #version} derive and cache
 * retriers for a driver's own keys (a host, one method's overrides).</li>
 * </ul>
 * Unlike the user API, this SPI may change in a minor release; the README's "Migrating"
 * section says how.
 *
 * @since 0.2.0
 */
public final class RetryDrivers {

	private RetryDrivers() {
	}

	/**
	 * Calls {@code attempt} with {@code context}, retrying as the retrier's settings say:
	 * the blocking driver behind {@link Retrier#call}. The attempt receives the context
	 * each time, so a caller can pass state without allocating a closure per call.
	 * @param <C> the context type
	 * @param <T> the result type
	 * @param retrier the retrier
	 * @param context what each try needs
	 * @param attempt makes one try
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the accepted result (or, when the result predicate still wants a retry at
	 * the end, the last result)
	 * @throws Throwable the last failure, as thrown by the attempt
	 */
	public static <C, T extends @Nullable Object> T execute(Retrier retrier, C context, Retrier.Attempt<C, T> attempt,
			@Nullable Object @Nullable [] arguments) throws Throwable {
		return retrier.execute(context, attempt, arguments);
	}

	/**
	 * Returns the blocking driver of {@link #execute} as a value. Calling it is calling
	 * {@link #execute}, but without a frame of this class in between: every exception
	 * made during a try (and, through reflection, the {@code InvocationTargetException}
	 * around it) has its stack trace filled in, frame by frame, so a driver that sits
	 * between a user's method and its callers, as an AOP interceptor does, keeps the
	 * frames between them few. Held in a constant, it costs nothing on the call itself.
	 * @return the blocking driver
	 */
	public static Blocking blocking() {
		return BLOCKING;
	}

	/**
	 * The blocking driver: a method reference, whose frame is a hidden class's, which
	 * stack traces leave out.
	 */
	private static final Blocking BLOCKING = Retrier::execute;

	/**
	 * Calls {@code supplier} and retries the stage it returns without blocking, as
	 * {@link Retrier#callAsync} does, passing the call's arguments to listeners: the form
	 * the {@code @Retryable} interceptor uses for {@code CompletionStage} methods.
	 * @param <T> the result type
	 * @param retrier the retrier
	 * @param supplier makes one try
	 * @param arguments the call's arguments, passed to listeners only
	 * @return a future completed with the outcome
	 */
	public static <T> CompletableFuture<T> executeAsync(Retrier retrier,
			Supplier<? extends @Nullable CompletionStage<T>> supplier, @Nullable Object @Nullable [] arguments) {
		return retrier.executeAsync(supplier, arguments);
	}

	/**
	 * Starts an execution that the caller drives on the calling thread (an HTTP
	 * interceptor's loop). Reads the calling thread's {@link NoRetry} scope, and the
	 * retrying calls whose tries run on it, now.
	 * @param retrier the retrier
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the execution
	 */
	public static RetryExecution start(Retrier retrier, @Nullable Object @Nullable [] arguments) {
		return retrier.start(arguments);
	}

	/**
	 * Reads now what the calling thread says (a {@link NoRetry} scope, another retrying
	 * call around this one) and returns what starts one execution per subscription under
	 * it: for a publisher assembled now and subscribed later, perhaps more than once and
	 * on other threads.
	 * @param retrier the retrier
	 * @param arguments the call's arguments, passed to listeners only
	 * @return the starter of executions
	 */
	public static Retrier.Prepared prepare(Retrier retrier, @Nullable Object @Nullable [] arguments) {
		return retrier.prepare(arguments);
	}

	/**
	 * Returns a retrier like {@code retrier} whose retries draw on another bucket of the
	 * registry's budget store than the entry's own: the HTTP interceptors give each host
	 * its own, so that one failing host does not spend the budget of the others.
	 * @param retrier the retrier
	 * @param key the bucket's key, e.g. {@code default api.example.com}
	 * @return the retrier
	 */
	public static Retrier withBudgetKey(Retrier retrier, String key) {
		return retrier.withBudgetKey(Objects.requireNonNull(key, "key"));
	}

	/**
	 * Returns a retrier for settings that are not registered (for example an entry with
	 * one method's overrides), sharing the registry's time, listeners, budgets and status
	 * extraction.
	 * @param registry the registry
	 * @param name the entry's name, as events name it
	 * @param settings the settings
	 * @return the retrier
	 */
	public static Retrier newRetrier(RetryRegistry registry, String name, RetrySettings settings) {
		return registry.newRetrier(name, settings);
	}

	/**
	 * Returns a number that changes whenever one of the registry's entries is replaced,
	 * so that a driver can cache the retriers it derives and rebuild them only then.
	 * @param registry the registry
	 * @return the version
	 */
	public static int version(RetryRegistry registry) {
		return registry.version();
	}

	/**
	 * The blocking driver of {@link RetryDrivers#execute}, as a value: see
	 * {@link RetryDrivers#blocking()}.
	 */
	@FunctionalInterface
	public interface Blocking {

		/**
		 * Calls {@code attempt} with {@code context}, retrying as the retrier's settings
		 * say, as {@link RetryDrivers#execute} does.
		 * @param <C> the context type
		 * @param <T> the result type
		 * @param retrier the retrier
		 * @param context what each try needs
		 * @param attempt makes one try
		 * @param arguments the call's arguments, passed to listeners only
		 * @return the accepted result (or, when the result predicate still wants a retry
		 * at the end, the last result)
		 * @throws Throwable the last failure, as thrown by the attempt
		 */
		<C, T extends @Nullable Object> T execute(Retrier retrier, C context, Retrier.Attempt<C, T> attempt,
				@Nullable Object @Nullable [] arguments) throws Throwable;

	}

}
