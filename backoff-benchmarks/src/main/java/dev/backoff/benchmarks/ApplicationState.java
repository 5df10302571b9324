package dev.backoff.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The bean an application benchmark calls. A variant is {@code shape/bean}: the
 * application ({@link Applications.Shape}) and the bean in it. Every fork of one shape
 * starts the same application and calls the same beans before measuring
 * ({@link Applications#start}); only the bean measured differs, so each ratio compares
 * two beans of one application.
 * <p>
 * As for {@link VariantState}, the fork first calls a few methods through reflection, as
 * an application's start-up does.
 */
public abstract class ApplicationState {

	private Applications.Running running;

	Calls calls;

	/** The argument of every call: within the {@code Integer} cache, as is its result. */
	int argument = 41;

	/** Returns the variant's name, the subclass's JMH parameter. */
	abstract String variant();

	/** Fails the trial if the bean does not behave as the benchmark assumes. */
	abstract void check(Calls calls);

	@Setup(Level.Trial)
	public void setUp() throws ReflectiveOperationException {
		VariantState.callThroughReflection();
		String variant = variant();
		int slash = variant.indexOf('/');
		this.running = Applications.start(Applications.Shape.of(variant.substring(0, slash)));
		this.calls = this.running.bean(variant.substring(slash + 1));
		check(this.calls);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.running.close();
	}

	/**
	 * Returns each variant's baseline: the transactional bean for the retried
	 * transactional one, else the shape's {@code baselineBean} (the no-op or the minimal
	 * retry advice).
	 * @param variant a variant, {@code shape/bean}
	 * @param baselineBean the baseline bean of the benchmark
	 * @return the baseline variant
	 */
	static String baselineOf(String variant, String baselineBean) {
		int slash = variant.indexOf('/');
		String bean = variant.substring(slash + 1);
		return variant.substring(0, slash + 1) + (bean.equals("tx-backoff") ? "tx" : baselineBean);
	}

}
