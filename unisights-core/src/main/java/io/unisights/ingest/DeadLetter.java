package io.unisights.ingest;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message the {@link EventsClient} could not deliver, with everything needed to send it
 * again under the same id.
 *
 * @param messageId the {@code webhook-id} it was sent under; a replay reuses it so the
 * receiver recognises what it already has
 * @param payload the request body: one event object or {@code {"events":[…]}}
 * @param attempts how many requests were made
 * @param status the HTTP status of the last response, or 0 if none arrived
 * @param error why it was not delivered
 * @param failedAt when the last attempt failed
 */
public record DeadLetter(String messageId, ObjectNode payload, int attempts, int status, String error,
		Instant failedAt) {

	/**
	 * The last status as a nullable value, for display.
	 * @return the status, or {@code null} if no response arrived
	 */
	public @Nullable Integer lastStatus() {
		return (this.status != 0) ? this.status : null;
	}

}
