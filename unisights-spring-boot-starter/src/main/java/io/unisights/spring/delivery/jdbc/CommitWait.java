package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryStore;

/**
 * A request's wait for the commit of its row: up to {@code commit-timeout}, and no longer
 * than the store stays available. A commit that hangs on a database gone away makes the
 * store unavailable after {@code health-timeout}; the request is answered then, not after
 * the pool's or the driver's own timeouts.
 */
final class CommitWait {

	private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private CommitWait() {
	}

	static long await(CompletableFuture<Long> committed, Duration timeout, StoreHealth health)
			throws InterruptedException, ExecutionException, TimeoutException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			try {
				return committed.get(Math.max(0, Math.min(left, CHECK_NANOS)), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				DeliveryStore.Availability availability = health.availability();
				if (!availability.available()) {
					throw new StoreUnavailable(availability.problem());
				}
				if (deadline - System.nanoTime() <= 0) {
					throw ex;
				}
			}
		}
	}

	/** The store became unavailable while the request waited; the commit may still happen. */
	static final class StoreUnavailable extends RuntimeException {

		StoreUnavailable(@Nullable String problem) {
			super(problem, null, false, false);
		}

	}

}
