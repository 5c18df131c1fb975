package io.unisights.spring.delivery;

import java.time.Duration;

/**
 * Asynchronous delivery could not take an item: its queue is full, or the collector is
 * shutting down. Nothing was accepted; the endpoint answers 503 with {@code Retry-After}
 * so that the sender tries again later.
 */
public class QueueFullException extends RuntimeException {

	/** Whether the refusal is due to shutdown. */
	private final boolean shuttingDown;

	/** The wait suggested to the sender. */
	private final Duration retryAfter;

	/**
	 * Creates the exception.
	 * @param message what happened
	 * @param shuttingDown whether the item was refused because the collector is stopping
	 * rather than because the queue is full
	 * @param retryAfter how long the sender should wait before retrying
	 */
	public QueueFullException(String message, boolean shuttingDown, Duration retryAfter) {
		super(message);
		this.shuttingDown = shuttingDown;
		this.retryAfter = retryAfter;
	}

	/**
	 * Whether the collector is stopping rather than overloaded.
	 * @return {@code true} when shutting down
	 */
	public boolean isShuttingDown() {
		return this.shuttingDown;
	}

	/**
	 * How long the sender should wait before retrying.
	 * @return the wait
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

}
