/**
 * Waiting between attempts, shared by every sender of the project (the events client, the
 * webhook forwarder, the collector's delivery retries): {@link io.unisights.retry.RetryAfter}
 * reads the {@code Retry-After} a receiver answers with, and {@link io.unisights.retry.Backoff}
 * is the exponential backoff with jitter that spaces retries when it says nothing.
 */
@NullMarked
package io.unisights.retry;

import org.jspecify.annotations.NullMarked;
