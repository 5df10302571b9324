/**
 * Status-aware retrying of HTTP requests made with Spring's HTTP clients.
 */
@NullMarked
package dev.backoff.http;

import org.jspecify.annotations.NullMarked;
