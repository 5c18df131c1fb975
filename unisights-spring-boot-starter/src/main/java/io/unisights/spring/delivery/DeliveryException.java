package io.unisights.spring.delivery;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by an {@link io.unisights.spring.EventHandler} to tell the delivery machinery more
 * than "it failed": whether another attempt can succeed, and how long to wait before it.
 * Any other exception counts as retryable without a hint.
 * <p>
 * A permanent failure skips the remaining attempts and goes straight to the dead-letter
 * sink (asynchronous mode) or the 500 answer (synchronous mode); a {@code retryAfter}
 * hint, such as an HTTP {@code Retry-After}, lengthens the wait before the next attempt
 * (never beyond five minutes).
 */
public class DeliveryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The longest wait a hint can ask for. */
	static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

	/** Whether another attempt may succeed. */
	private final boolean retryable;

	/** The wait suggested to the sender. */
	private final @Nullable Duration retryAfter;

	/**
	 * Creates an exception.
	 * @param message what failed, naming the delivery
	 * @param retryable whether another attempt may succeed
	 * @param retryAfter how long to wait at least before the next attempt, or {@code null}
	 * @param cause the underlying failure, or {@code null}
	 */
	public DeliveryException(String message, boolean retryable, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(message, cause);
		this.retryable = retryable;
		this.retryAfter = retryAfter;
	}

	/**
	 * Creates a failure that another attempt may overcome.
	 * @param message what failed, naming the delivery
	 * @param retryAfter how long to wait at least before the next attempt, or {@code null}
	 * @param cause the underlying failure, or {@code null}
	 * @return the exception
	 */
	public static DeliveryException retryable(String message, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		return new DeliveryException(message, true, retryAfter, cause);
	}

	/**
	 * Creates a failure no further attempt will overcome.
	 * @param message what failed, naming the delivery
	 * @param cause the underlying failure, or {@code null}
	 * @return the exception
	 */
	public static DeliveryException permanent(String message, @Nullable Throwable cause) {
		return new DeliveryException(message, false, null, cause);
	}

	/**
	 * Returns whether another attempt may succeed.
	 * @return whether to retry
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

	/**
	 * Returns how long to wait at least before the next attempt.
	 * @return the hint, if any
	 */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/** Nanoseconds to wait after {@code error}: the backoff, or longer when it asks. */
	static long waitNanos(@Nullable Throwable error, long backoffNanos) {
		if (error instanceof DeliveryException hinted && hinted.retryAfter != null) {
			// Capped as a Duration first: a hint of centuries has no long of nanoseconds.
			Duration capped = (hinted.retryAfter.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : hinted.retryAfter;
			return Math.max(backoffNanos, capped.toNanos());
		}
		return backoffNanos;
	}

	static boolean isPermanent(@Nullable Throwable error) {
		return error instanceof DeliveryException failure && !failure.retryable;
	}

}
