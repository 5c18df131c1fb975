package io.unisights.spring.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.unisights.retry.Backoff;

/**
 * How often and how far apart a failed handler call is retried: up to
 * {@code max-attempts} attempts, with the project's exponential {@link Backoff} and equal
 * jitter (the wait after attempt {@code n} is {@code min(max, initial * 2^(n-1))}, less a
 * random part of up to half of it), so that items that failed together do not retry in
 * lockstep and a struggling handler always gets at least half the wait to recover.
 */
final class RetryPolicy {

	private final int maxAttempts;

	private final Backoff backoff;

	RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
		this.maxAttempts = maxAttempts;
		this.backoff = new Backoff(initialBackoff, maxBackoff, Backoff.Jitter.EQUAL);
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
		return this.backoff.delayNanos(attemptsMade, ThreadLocalRandom.current());
	}

}
