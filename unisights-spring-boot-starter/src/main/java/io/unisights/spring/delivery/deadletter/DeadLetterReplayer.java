package io.unisights.spring.delivery.deadletter;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.unisights.spring.delivery.Redelivery;
import io.unisights.spring.delivery.ReplayResult;

/**
 * Delivers the items of a {@link JsonlDeadLetterFile} through the handlers again, once
 * the cause of their failure is fixed. Each item gets one attempt; what fails again stays
 * in the file with its attempt count and error updated. Items keep their delivery id, so
 * idempotent handlers can ignore one they had already seen.
 * <p>
 * Call {@link #replay()} from your own code, or {@code POST /actuator/unisightsdeadletter}
 * when the actuator endpoint is exposed.
 */
@SuppressWarnings("deprecation")
public final class DeadLetterReplayer implements io.unisights.spring.delivery.DeadLetterReplayer {

	private static final Log logger = LogFactory.getLog(DeadLetterReplayer.class);

	private final JsonlDeadLetterFile file;

	private final Redelivery redelivery;

	DeadLetterReplayer(JsonlDeadLetterFile file, Redelivery redelivery) {
		this.file = file;
		this.redelivery = redelivery;
	}

	/**
	 * Replays every item in the dead-letter file. Safe to call while the collector runs:
	 * items dead-lettered meanwhile are kept for the next replay.
	 * @return how many items were delivered and how many remain in the file, of which how
	 * many are lines that could not be read (logged at WARN with their line number)
	 * @throws java.io.UncheckedIOException if the file cannot be read or written; items not
	 * yet replayed are then left in a {@code .replaying} file that the next replay reads
	 */
	JsonlDeadLetterFile file() {
		return this.file;
	}

	@Override
	public ReplayResult replay() {
		ReplayResult result = this.file.replay(this.redelivery::redeliver);
		String summary = "Replayed dead letters from " + this.file.path() + ": " + result.delivered() + " delivered, "
				+ result.remaining() + " remaining";
		if (result.unreadable() > 0) {
			logger.warn(summary + ", of which " + result.unreadable() + " cannot be read and need repair");
		}
		else {
			logger.info(summary);
		}
		return result;
	}

}
