package dev.backoff.benchmarks;

import java.lang.reflect.Method;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The variant a benchmark calls: built once per trial from the subclass's {@code variant}
 * parameter, checked, and closed afterwards.
 * <p>
 * Before that, the fork calls a few methods through reflection, as any Spring
 * application's start-up does (binding properties, calling {@code @Bean} and init
 * methods). Spring AOP calls the target through {@code Method.invoke}, and whether the
 * JDK's reflective call site inside it is compiled as a direct call (one method seen so
 * far) or a virtual one (many) decides 100 ns or more of a failed call. Without this, a
 * variant built in an application context came out fast in some forks and slow in others,
 * by the order the JIT compiled things in, while a bare proxy never paid the price: every
 * variant now runs as it would in an application.
 */
public abstract class VariantState {

	private Variants.Variant created;

	Target target;

	/** Returns the variant's name, the subclass's JMH parameter. */
	abstract String variant();

	/** Fails the trial if the variant does not behave as the benchmark assumes. */
	abstract void check(Target target);

	@Setup(Level.Trial)
	public void setUp() throws ReflectiveOperationException {
		callThroughReflection();
		this.created = Variants.create(variant());
		this.target = this.created.target();
		check(this.target);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.created.close();
	}

	/**
	 * Calls several methods through reflection, often enough for the JIT to see them all.
	 */
	static void callThroughReflection() throws ReflectiveOperationException {
		Object target = new Reflected();
		for (String name : new String[] { "first", "second", "third", "fourth" }) {
			Method method = Reflected.class.getDeclaredMethod(name);
			for (int i = 0; i < 20_000; i++) {
				method.invoke(target);
			}
		}
	}

	/** What {@link #callThroughReflection} calls. */
	static final class Reflected {

		int calls;

		void first() {
			this.calls++;
		}

		void second() {
			this.calls += 2;
		}

		void third() {
			this.calls += 3;
		}

		void fourth() {
			this.calls += 4;
		}

	}

}
