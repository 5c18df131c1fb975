package io.unisights.ingest;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link EventsClient} adds to a {@link io.unisights.deadletter.DeadLetter}: how
 * the receiver answered the last attempt.
 *
 * @param status the HTTP status of the last response, or 0 if none arrived
 */
public record SendFailure(int status) {

	/**
	 * The last status as a nullable value, for display.
	 * @return the status, or {@code null} if no response arrived
	 */
	public @Nullable Integer lastStatus() {
		return (this.status != 0) ? this.status : null;
	}

}
