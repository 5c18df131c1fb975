package io.unisights.deadletter;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

/**
 * An item that could not be delivered, with everything needed to deliver it again under
 * the same id. The events client and the collector share this record and differ only in
 * what they know about where the item came from or how it failed ({@code detail}).
 *
 * @param <D> what the sender adds: the collector's channel and request, the events
 * client's last HTTP status
 * @param id the id the item was delivered under; a replay reuses it so the receiver
 * recognises what it already has
 * @param payload the item in its wire form
 * @param error the last failure, for a person to read
 * @param attempts how many times delivery was tried
 * @param firstAttemptAt when the first attempt started; the receipt time if none was made
 * @param lastAttemptAt when the last attempt started or failed; the receipt time if none
 * was made
 * @param detail what the sender adds to the common part
 */
public record DeadLetter<D>(String id, ObjectNode payload, String error, int attempts, Instant firstAttemptAt,
		Instant lastAttemptAt, D detail) {

	/**
	 * The same item with another failure, for a person to read.
	 * @param error the failure
	 * @return the changed item
	 */
	public DeadLetter<D> withError(String error) {
		return new DeadLetter<>(this.id, this.payload, error, this.attempts, this.firstAttemptAt, this.lastAttemptAt,
				this.detail);
	}

	/**
	 * The same item after more attempts that failed too, as a replay keeps it.
	 * @param error the last failure
	 * @param moreAttempts how many attempts were added
	 * @param lastAttemptAt when the last of them started or failed
	 * @param detail what the sender knows about the last of them
	 * @return the changed item, its first attempt time kept
	 */
	public DeadLetter<D> failedAgain(String error, int moreAttempts, Instant lastAttemptAt, D detail) {
		return new DeadLetter<>(this.id, this.payload, error, this.attempts + moreAttempts, this.firstAttemptAt,
				lastAttemptAt, detail);
	}

}
