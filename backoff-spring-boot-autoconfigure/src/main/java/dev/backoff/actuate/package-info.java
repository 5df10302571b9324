/**
 * The {@code backoff} actuator endpoint.
 */
@NullMarked
package dev.backoff.actuate;

import org.jspecify.annotations.NullMarked;
