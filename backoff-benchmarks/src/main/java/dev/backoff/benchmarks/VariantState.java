package dev.backoff.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The variant a benchmark calls: built once per trial from the subclass's {@code variant}
 * parameter, checked, and closed afterwards.
 */
abstract class VariantState {

	private Variants.Variant created;

	Target target;

	/** Returns the variant's name, the subclass's JMH parameter. */
	abstract String variant();

	/** Fails the trial if the variant does not behave as the benchmark assumes. */
	abstract void check(Target target);

	@Setup(Level.Trial)
	public void setUp() {
		this.created = Variants.create(variant());
		this.target = this.created.target();
		check(this.target);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.created.close();
	}

}
