package io.unisights.spring.delivery;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

/**
 * An item on its way through the handlers, with what its attempts so far left behind.
 * Only one thread works on an item at a time; {@link #settle()} decides, exactly once,
 * whether it ends delivered or dead-lettered when shutdown races a worker.
 */
final class PendingDelivery {

	private final Delivery delivery;

	private final AtomicBoolean settled = new AtomicBoolean();

	private int nextHandler;

	private int attempts;

	private @Nullable Instant firstAttemptAt;

	private @Nullable Instant lastAttemptAt;

	private @Nullable Throwable lastError;

	private @Nullable EventHandler failedHandler;

	PendingDelivery(Delivery delivery) {
		this.delivery = delivery;
	}

	Delivery delivery() {
		return this.delivery;
	}

	/**
	 * Index of the first handler that has not completed yet; handlers that completed are
	 * not run again when the item is retried.
	 */
	int nextHandler() {
		return this.nextHandler;
	}

	void completedHandler() {
		this.nextHandler++;
	}

	synchronized void startAttempt(Instant now) {
		this.attempts++;
		if (this.firstAttemptAt == null) {
			this.firstAttemptAt = now;
		}
		this.lastAttemptAt = now;
	}

	synchronized void failed(EventHandler handler, Throwable error) {
		this.failedHandler = handler;
		this.lastError = error;
	}

	synchronized int attempts() {
		return this.attempts;
	}

	synchronized @Nullable Instant firstAttemptAt() {
		return this.firstAttemptAt;
	}

	synchronized @Nullable Instant lastAttemptAt() {
		return this.lastAttemptAt;
	}

	synchronized @Nullable Throwable lastError() {
		return this.lastError;
	}

	synchronized @Nullable EventHandler failedHandler() {
		return this.failedHandler;
	}

	/**
	 * Turns the item into a dead letter.
	 * @param reasonIfNoError what to record when no handler failed, such as a shutdown
	 * @return the dead letter
	 */
	synchronized DeadLetter<Receipt> toDeadLetter(String reasonIfNoError) {
		Instant receivedAt = this.delivery.context().receivedAt();
		String error = (this.lastError != null) ? describe(this.failedHandler, this.lastError) : reasonIfNoError;
		return new DeadLetter<>(this.delivery.id(), this.delivery.wireData(), error, this.attempts,
				(this.firstAttemptAt != null) ? this.firstAttemptAt : receivedAt,
				(this.lastAttemptAt != null) ? this.lastAttemptAt : receivedAt,
				new Receipt(this.delivery.channel(), this.delivery.context()));
	}

	static String describe(@Nullable EventHandler handler, Throwable error) {
		String described = error.getClass().getName() + ": " + error.getMessage();
		return (handler != null) ? handler.getClass().getName() + " failed: " + described : described;
	}

	/**
	 * Claims the right to decide the item's fate.
	 * @return {@code true} for the first caller only
	 */
	boolean settle() {
		return this.settled.compareAndSet(false, true);
	}

}
