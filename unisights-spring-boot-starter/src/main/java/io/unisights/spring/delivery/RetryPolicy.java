package io.unisights.spring.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the wait after attempt {@code n} is
 * {@code min(max, initial * 2^(n-1))}, less a random part of up to half of it, so that
 * items that failed together do not retry in lockstep.
 */
final class RetryPolicy {

	private final int maxAttempts;

	private final long initialNanos;

	private final long maxNanos;

	RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
		this.maxAttempts = maxAttempts;
		this.initialNanos = initialBackoff.toNanos();
		this.maxNanos = maxBackoff.toNanos();
	}

	static RetryPolicy of(DeliveryProperties.Retry retry) {
		return new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff());
	}

	int maxAttempts() {
		return this.maxAttempts;
	}

	boolean allowsAnotherAttempt(int attemptsMade) {
		return attemptsMade < this.maxAttempts;
	}

	/**
	 * Wait before the next attempt.
	 * @param attemptsMade attempts made so far, at least 1
	 * @return nanoseconds to wait
	 */
	long backoffNanos(int attemptsMade) {
		int doublings = Math.min(attemptsMade - 1, 62);
		long base = (this.initialNanos > (this.maxNanos >> doublings)) ? this.maxNanos
				: Math.min(this.maxNanos, this.initialNanos << doublings);
		long half = base / 2;
		return base - ((half > 0) ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
	}

}
