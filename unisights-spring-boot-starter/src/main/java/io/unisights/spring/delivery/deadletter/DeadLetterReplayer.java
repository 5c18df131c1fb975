package io.unisights.spring.delivery.deadletter;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.unisights.spring.delivery.Redelivery;
import io.unisights.spring.delivery.ReplayResult;

/**
 * Delivers the items of the collector's {@link ReplayableDeadLetterSink} (the
 * {@link JsonlDeadLetterFile}, or the dead-letter topic of the kafka store) through the
 * handlers again, once the cause of their failure is fixed. Each item gets one attempt;
 * what fails again is kept with its attempt count and error updated. Items keep their delivery id, so
 * idempotent handlers can ignore one they had already seen.
 * <p>
 * Call {@link #replay()} from your own code, or {@code POST /actuator/unisightsdeadletter}
 * when the actuator endpoint is exposed.
 */
@SuppressWarnings("deprecation")
public final class DeadLetterReplayer implements io.unisights.spring.delivery.DeadLetterReplayer {

	private static final Log logger = LogFactory.getLog(DeadLetterReplayer.class);

	private final ReplayableDeadLetterSink sink;

	private final Redelivery redelivery;

	DeadLetterReplayer(ReplayableDeadLetterSink sink, Redelivery redelivery) {
		this.sink = sink;
		this.redelivery = redelivery;
	}

	ReplayableDeadLetterSink sink() {
		return this.sink;
	}

	/**
	 * Replays every item kept so far. Safe to call while the collector runs: items
	 * dead-lettered meanwhile are kept for the next replay.
	 * @return how many items were delivered and how many remain, of which how many could
	 * not be read (logged at WARN with where they are)
	 * @throws RuntimeException if the sink cannot be read or written (an
	 * {@link java.io.UncheckedIOException} for the file, whose items not yet replayed are
	 * then left in a {@code .replaying} file that the next replay reads)
	 */
	@Override
	public ReplayResult replay() {
		ReplayResult result = this.sink.replay(this.redelivery::redeliver);
		String summary = "Replayed dead letters from " + this.sink.location() + ": " + result.delivered()
				+ " delivered, "
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
