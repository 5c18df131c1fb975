package io.unisights.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * Exponential backoff with jitter: before retry {@code n} (after {@code n} failed
 * attempts) the ceiling is {@code min(max, initial × 2^(n-1))}, and the wait is drawn at
 * random below it, so that senders that failed together do not retry in lockstep.
 * {@link Jitter} says how much of the ceiling is random. A {@code Retry-After} hint, where
 * a receiver gives one, lengthens the wait ({@link #delayAtLeast(int, Duration)}).
 * <p>
 * Immutable and thread-safe; the default random source is {@link ThreadLocalRandom}, and
 * tests pass a seeded one to {@link #delay(int, RandomGenerator)}.
 *
 * @param initial the ceiling before the first retry, not negative
 * @param max the largest ceiling, at least {@code initial}
 * @param jitter how the wait is drawn below the ceiling
 */
public record Backoff(Duration initial, Duration max, Jitter jitter) {

	/**
	 * How the wait is drawn below the ceiling (names as in the AWS Architecture Blog's
	 * "Exponential Backoff And Jitter").
	 */
	public enum Jitter {

		/**
		 * Uniform between zero and the ceiling: spreads retries the most, and may retry at
		 * once. The events client's choice, whose receiver is one remote endpoint.
		 */
		FULL,

		/**
		 * Uniform between half the ceiling and the ceiling: always waits at least half.
		 * The collector's delivery retries' choice, which retry a failed handler and should
		 * give it time to recover.
		 */
		EQUAL

	}

	/**
	 * Checks the components.
	 */
	public Backoff {
		Objects.requireNonNull(initial, "initial");
		Objects.requireNonNull(max, "max");
		Objects.requireNonNull(jitter, "jitter");
		if (initial.isNegative() || max.compareTo(initial) < 0) {
			throw new IllegalArgumentException(
					"backoff must satisfy 0 <= initial <= max but was initial=" + initial + ", max=" + max);
		}
	}

	/**
	 * The ceiling before a retry, without jitter.
	 * @param failedAttempts attempts made and failed so far, at least 1
	 * @return {@code min(max, initial × 2^(failedAttempts-1))}
	 */
	public Duration ceiling(int failedAttempts) {
		return Duration.ofNanos(ceilingNanos(failedAttempts));
	}

	/**
	 * Draws the wait before a retry.
	 * @param failedAttempts attempts made and failed so far, at least 1
	 * @return the wait, between the jitter's floor and the {@link #ceiling(int) ceiling}
	 */
	public Duration delay(int failedAttempts) {
		return delay(failedAttempts, ThreadLocalRandom.current());
	}

	/**
	 * Draws the wait before a retry from the given random source.
	 * @param failedAttempts attempts made and failed so far, at least 1
	 * @param random the random source
	 * @return the wait, between the jitter's floor and the {@link #ceiling(int) ceiling}
	 */
	public Duration delay(int failedAttempts, RandomGenerator random) {
		return Duration.ofNanos(delayNanos(failedAttempts, random));
	}

	/**
	 * Draws the wait before a retry, or takes the receiver's hint when that is longer: a
	 * sender never retries sooner than it was asked to.
	 * @param failedAttempts attempts made and failed so far, at least 1
	 * @param retryAfter the receiver's {@code Retry-After}, or {@code null} if none
	 * @return the longer of the drawn wait and the hint
	 */
	public Duration delayAtLeast(int failedAttempts, @Nullable Duration retryAfter) {
		Duration drawn = delay(failedAttempts);
		return (retryAfter != null && retryAfter.compareTo(drawn) > 0) ? retryAfter : drawn;
	}

	/**
	 * Draws the wait before a retry in nanoseconds, for callers that sleep in nanoseconds.
	 * @param failedAttempts attempts made and failed so far, at least 1
	 * @param random the random source
	 * @return the wait in nanoseconds
	 */
	public long delayNanos(int failedAttempts, RandomGenerator random) {
		long ceiling = ceilingNanos(failedAttempts);
		return switch (this.jitter) {
			case FULL -> random.nextLong(ceiling + 1);
			case EQUAL -> {
				long half = ceiling / 2;
				yield ceiling - ((half > 0) ? random.nextLong(half + 1) : 0);
			}
		};
	}

	private long ceilingNanos(int failedAttempts) {
		if (failedAttempts < 1) {
			throw new IllegalArgumentException("failedAttempts must be at least 1 but was " + failedAttempts);
		}
		long initialNanos = saturatedNanos(this.initial);
		// One below the maximum, so that nextLong(ceiling + 1) cannot overflow.
		long maxNanos = Math.min(saturatedNanos(this.max), Long.MAX_VALUE - 1);
		int doublings = Math.min(failedAttempts - 1, 62);
		return (initialNanos > (maxNanos >> doublings)) ? maxNanos : Math.min(maxNanos, initialNanos << doublings);
	}

	private static long saturatedNanos(Duration duration) {
		// Durations past some 292 years have no long of nanoseconds: they all mean "very long".
		return (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) ? Long.MAX_VALUE : duration.toNanos();
	}

}
