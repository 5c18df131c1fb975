package io.unisights.ingest;

import org.jspecify.annotations.Nullable;

/**
 * What became of one message (an event or a batch) sent by the {@link EventsClient}.
 *
 * @param outcome whether the receiver took the message
 * @param messageId the {@code webhook-id} the message was sent under, the same on every
 * attempt: the event's id for a single event, a generated {@code msg_} id for a batch
 * @param attempts how many requests were made
 * @param status the HTTP status of the last response, or 0 if none arrived
 * @param responseBody the body of the last response, if one arrived
 * @param error why the message was not delivered, for a failure
 * @param deadLettered whether the message was handed to the dead-letter sink
 */
public record SendResult(Outcome outcome, String messageId, int attempts, int status, @Nullable String responseBody,
		@Nullable String error, boolean deadLettered) {

	/**
	 * Whether the receiver has the message: delivered now or acknowledged as a duplicate.
	 * @return {@code true} on success
	 */
	public boolean isSuccess() {
		return this.outcome != Outcome.FAILED;
	}

	/** Whether the receiver took the message. */
	public enum Outcome {

		/** The receiver accepted the message. */
		DELIVERED,

		/** The receiver had already accepted this event id and did not handle it again. */
		DUPLICATE,

		/**
		 * The receiver refused the message (a 4xx other than 429), or every attempt failed
		 * with a retryable error.
		 */
		FAILED

	}

}
