/**
 * What the Reactor drivers ({@code Mono}/{@code Flux} methods, the WebClient filter)
 * share to drive the engine's state machine. Loaded only when Reactor is on the
 * classpath.
 */
@NullMarked
package dev.backoff.reactor;

import org.jspecify.annotations.NullMarked;
