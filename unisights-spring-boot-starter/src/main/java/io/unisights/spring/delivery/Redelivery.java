package io.unisights.spring.delivery;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;

/**
 * Delivers a dead letter again: restores the item with the {@link DeliveryRestorer} of its
 * channel and makes one attempt through the handlers, observed and counted as replayed.
 * The item keeps its delivery id, so idempotent handlers can ignore one they had already
 * seen. Auto-configured; the dead-letter replay uses it, and so can a host's own sink.
 */
public final class Redelivery {

	private final HandlerChain handlers;

	private final Restorers restorers;

	private final DeliveryMetrics metrics;

	Redelivery(HandlerChain handlers, List<DeliveryRestorer> restorers, DeliveryMetrics metrics) {
		this.handlers = handlers;
		this.restorers = new Restorers(restorers);
		this.metrics = metrics;
	}

	/**
	 * Makes one attempt to deliver a dead letter.
	 * @param letter the letter
	 * @return {@code null} once every handler completed, or the letter to keep, with its
	 * attempts and error updated
	 */
	public @Nullable DeadLetter<Receipt> redeliver(DeadLetter<Receipt> letter) {
		Channel channel = letter.detail().channel();
		Delivery delivery;
		try {
			delivery = this.restorers.restore(channel, letter.id(), letter.payload(), letter.detail().context());
		}
		catch (Restorers.Unrestorable ex) {
			return letter.withError(ex.getMessage());
		}
		PendingDelivery item = new PendingDelivery(delivery);
		boolean delivered = this.handlers.attempt(item);
		this.metrics.replayed(channel, delivered);
		if (delivered) {
			return null;
		}
		DeadLetter<Receipt> failed = item.toDeadLetter("");
		return letter.failedAgain(failed.error(), 1, failed.lastAttemptAt(), letter.detail());
	}

}
