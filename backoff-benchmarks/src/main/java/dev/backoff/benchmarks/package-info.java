/**
 * JMH benchmarks and simulations of the starter side by side with Spring Framework 7,
 * Spring Retry, Resilience4j and Failsafe; not a user dependency. Not
 * {@code @NullMarked}: JMH sets its state and parameter fields after construction.
 */
package dev.backoff.benchmarks;
