package dev.backoff.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.runner.RunnerException;

/**
 * The call benchmarks in the shape a user's application has ({@link Applications}): the
 * success path of {@code int ok(int x)} and one failure of {@code int fails(int x)}, each
 * variant's ratio to a bean of the same application in the same round.
 *
 * @param plan the rounds and iterations they ran in
 * @param success the success path's rows, by {@code shape/bean}
 * @param oneFailure the one-failure rows, by {@code shape/bean}
 */
record UserShape(Rounds.Plan plan, Map<String, Rounds.Row> success, Map<String, Rounds.Row> oneFailure) {

	/** In the full run: fewer rounds and iterations than the library tables, for time. */
	static final Rounds.Plan FULL = new Rounds.Plan(3, 5, 300, 20, 100);

	/** The quick mode's: about three minutes for both tables. */
	static final Rounds.Plan QUICK = new Rounds.Plan(2, 5, 300, 20, 100);

	static UserShape run(Rounds.Plan plan) throws RunnerException {
		Map<String, Rounds.Row> success = Rounds.run(ApplicationSuccessBenchmark.class, plan,
				(variant) -> ApplicationState.baselineOf(variant, "noop"));
		Map<String, Rounds.Row> oneFailure = Rounds.run(ApplicationOneFailureBenchmark.class, plan,
				(variant) -> ApplicationState.baselineOf(variant, "minimal"));
		return new UserShape(plan, success, oneFailure);
	}

	/** Returns the method and both tables, as BENCHMARKS.md has them. */
	String tables() {
		return """
				## In the user's shape: `@Retryable int ok(int x)` in a Spring Boot application

				Each fork starts an application with `SpringApplication` (`@EnableAutoConfiguration`
				over a small configuration class, no web server, no banner, the `dev.backoff` logger at
				WARN), whose beans are all on CGLIB proxies and all subclasses of one class with
				`int ok(int x)` (returns `x + 1`) and `int fails(int x)` (throws on every other call):
				`noop` advised by a no-op `MethodInterceptor` advisor (Boot's auto-proxy creator),
				`minimal` by the minimal retry interceptor's advisor, `backoff` by `@Retryable("bench")`
				(4 tries, zero wait), and in `prod` also `tx` (`@Transactional`, proxied first by
				`@EnableTransactionManagement`) and `tx-backoff` (`@Transactional` and `@Retryable`,
				the retry advised onto the transaction's proxy, outside it). Before measuring, every
				fork calls each bean's `ok` %,d times and each retrying bean's `fails` as often (a
				failure and a retry every other call), so the failure paths are compiled as in an
				application whose calls fail now and then; then it measures one bean. The argument is
				41, within the `Integer` cache as is the result, so boxing allocates nothing.

				- `app`: the starter, with actuator's, health's and Micrometer's auto-configurations
				  excluded: no MeterRegistry, no observation registry.
				- `nested` (success path only): as `app` with `backoff.nested: allow`, which turns off
				  the guard against stacked retries (`backoff.nested` in the README): no thread-local
				  scope is entered around each try, so the difference from `app` is what the guard
				  costs.
				- `metrics`: as `app` with Boot's Micrometer metrics auto-configuration, that is its
				  SimpleMeterRegistry (Prometheus export, actuator and observation excluded).
				- `prod`, production-like: every auto-configuration on the classpath; actuator with
				  `management.endpoints.web.exposure.include=*` and
				  `management.endpoints.access.default=unrestricted` (so the `backoffevents` ring is
				  kept), the Prometheus registry, Boot's observation registry (with its meter handler),
				  and a transaction manager without a resource (Spring's transaction machinery alone).
				- `noop-twin` (success path, in `app` and `prod`), the control: a second no-op bean,
				  the same as `noop` but for its class, called as `noop` is before measuring.

				Each variant's ratio is to the baseline named beside it, a bean of the same application,
				within each round: the median over rounds and their range. %s, `-prof gc`; fewer rounds
				and iterations than the tables above, to keep the whole run short.

				""".formatted(Applications.CALLS_BEFORE_MEASURING, capitalized(this.plan.describe()))
				+ table("Success path, `ok(int)`", this.success, "noop") + control()
				+ table("One failure, then success, zero wait, `fails(int)`", this.oneFailure, "minimal");
	}

	/** Adds the targets for the user shape to the targets table. */
	void targets(List<String> lines) {
		BenchmarkMain.check(lines, "user shape, success, `app`, at most 1.15x the no-op proxy in the same application",
				this.success.get("app/backoff").ratio(), 1.15);
		BenchmarkMain.check(lines,
				"user shape, success, `metrics`, at most 1.25x the no-op proxy in the same application",
				this.success.get("metrics/backoff").ratio(), 1.25);
		BenchmarkMain.check(lines,
				"user shape, success, production-like `prod`, at most 1.3x the no-op proxy in the same application",
				this.success.get("prod/backoff").ratio(), 1.3);
		BenchmarkMain.check(lines,
				"user shape, success, `@Transactional` + `@Retryable` at most 1.1x the `@Transactional`-only bean",
				this.success.get("prod/tx-backoff").ratio(), 1.1);
		BenchmarkMain.check(lines,
				"user shape, one failure, `app`, at most 1.1x the minimal retry interceptor in the same application",
				this.oneFailure.get("app/backoff").ratio(), 1.1);
	}

	/**
	 * What the control says: two identical no-op beans of one application do not measure
	 * the same, and how the retrying bean compares with the second one.
	 */
	private String control() {
		Rounds.Row twin = this.success.get("app/noop-twin");
		Rounds.Row backoff = this.success.get("app/backoff");
		Rounds.Row prodTwin = this.success.get("prod/noop-twin");
		Rounds.Row prodBackoff = this.success.get("prod/backoff");
		return String.format(Locale.ROOT, """
				The control: `noop-twin`, a bean identical to `noop`, is %.2fx `noop` in `app` and
				%.2fx in `prod`. Two identical beans of one application do not measure the same, by
				about as much as the retry's own cost, and the first no-op bean is the faster one in
				every order of definition and warm-up tried, on JDK 17 and on JDK 25. The gap goes
				with the target method: a twin that inherits `noop`'s methods instead of declaring its
				own (so both beans call one `Method` through one reflective accessor) measures the same
				as `noop`. Most of it also goes away with `-XX:TypeProfileMajorReceiverPercent=100`
				(in one A/B, from about 2.6 ns to about 1.2 ns), so it seems to come from C2's type
				guesses in the reflective call that every proxy shares, which favour one target.
				Against the twin, `backoff` is %.2fx in `app` and %.2fx in `prod` (ratios of the
				median ns/op); the Targets table still takes them against `noop`.

				""", twin.ratio(), prodTwin.ratio(), backoff.nanos() / twin.nanos(),
				prodBackoff.nanos() / prodTwin.nanos());
	}

	private String table(String title, Map<String, Rounds.Row> rows, String baselineBean) {
		StringBuilder table = new StringBuilder("### " + title + "\n\n");
		table.append("ns/op: the fork's fastest ")
			.append(this.plan.iterationMillis())
			.append(" ms iteration, the median over rounds.\n\n");
		table.append("| variant | ratio to | ns/op | ratio | range over rounds | bytes/op |\n"
				+ "| --- | --- | ---: | ---: | ---: | ---: |\n");
		rows.forEach((name,
				row) -> table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.2fx | %.2f - %.2f | %.0f |%n",
						name, ApplicationState.baselineOf(name, baselineBean), row.nanos(), row.ratio(), row.lowest(),
						row.highest(), row.bytes())));
		return table.append('\n').toString();
	}

	private static String capitalized(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
