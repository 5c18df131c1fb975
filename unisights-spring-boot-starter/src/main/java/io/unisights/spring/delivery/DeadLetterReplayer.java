package io.unisights.spring.delivery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;

/**
 * Delivers the items of a {@link JsonlDeadLetterFile} through the handlers again, once
 * the cause of their failure is fixed. Each item gets one attempt; what fails again stays
 * in the file with its attempt count and error updated. Items keep their delivery id, so
 * idempotent handlers can ignore one they had already seen.
 * <p>
 * Call {@link #replay()} from your own code, or {@code POST /actuator/unisightsdeadletter}
 * when the actuator endpoint is exposed.
 */
public final class DeadLetterReplayer {

	private static final Log logger = LogFactory.getLog(DeadLetterReplayer.class);

	private final JsonlDeadLetterFile file;

	private final HandlerChain handlers;

	private final Map<Channel, DeliveryRestorer> restorers;

	private final DeliveryObserver observer;

	DeadLetterReplayer(JsonlDeadLetterFile file, HandlerChain handlers, List<DeliveryRestorer> restorers,
			DeliveryObserver observer) {
		this.file = file;
		this.handlers = handlers;
		this.restorers = new EnumMap<>(Channel.class);
		for (DeliveryRestorer restorer : restorers) {
			this.restorers.putIfAbsent(restorer.channel(), restorer);
		}
		this.observer = observer;
	}

	/**
	 * Replays every item in the dead-letter file. Safe to call while the collector runs:
	 * items dead-lettered meanwhile are kept for the next replay.
	 * @return how many items were delivered and how many remain in the file, of which how
	 * many are lines that could not be read (logged at WARN with their line number)
	 * @throws java.io.UncheckedIOException if the file cannot be read or written; items not
	 * yet replayed are then left in a {@code .replaying} file that the next replay reads
	 */
	public ReplayResult replay() {
		ReplayResult result = this.file.replay(this::redeliver);
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

	private @Nullable DeadLetter<Receipt> redeliver(DeadLetter<Receipt> letter) {
		Channel channel = letter.detail().channel();
		DeliveryRestorer restorer = this.restorers.get(channel);
		if (restorer == null) {
			return letter.withError("No DeliveryRestorer for channel " + channel.wireName());
		}
		Delivery delivery;
		try {
			delivery = restorer.restore(letter.id(), letter.payload(), letter.detail().context());
		}
		catch (RuntimeException ex) {
			return letter.withError("Payload could not be restored: " + PendingDelivery.describe(null, ex));
		}
		PendingDelivery item = new PendingDelivery(delivery);
		boolean delivered = this.handlers.attempt(item);
		this.observer.replayed(channel, delivered);
		if (delivered) {
			return null;
		}
		DeadLetter<Receipt> failed = item.toDeadLetter("");
		return letter.failedAgain(failed.error(), 1, failed.lastAttemptAt(), letter.detail());
	}

}
