/**
 * Retry budgets kept in Redis, shared by every instance of an application.
 */
@NullMarked
package dev.backoff.redis;

import org.jspecify.annotations.NullMarked;
