package io.unisights.spring.delivery;

import org.jspecify.annotations.Nullable;

import io.unisights.beacon.BeaconSource;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

/**
 * Runs the handlers on the request's thread, retrying a failed handler with backoff
 * while the sender waits. Once the attempts are spent the request fails, so the sender,
 * which still holds the item, retries it later; nothing is dead-lettered, because that
 * would deliver the item twice once the sender's retry succeeds.
 */
final class SynchronousEventDispatcher extends ObservedEventDispatcher {

	private final HandlerChain handlers;

	private final RetryPolicy retryPolicy;

	SynchronousEventDispatcher(HandlerChain handlers, RetryPolicy retryPolicy, DeliveryMetrics metrics,
			@Nullable DuplicateFilter duplicates) {
		super(metrics, duplicates);
		this.handlers = handlers;
		this.retryPolicy = retryPolicy;
	}

	@Override
	DispatchResult accept(Delivery delivery, @Nullable BeaconSource source, DuplicateFilter.@Nullable Claim claim) {
		PendingDelivery item = new PendingDelivery(delivery);
		boolean delivered;
		try {
			delivered = this.handlers.deliver(item, this.retryPolicy, () -> false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			delivered = false;
		}
		if (delivered) {
			metrics().count(DeliveryMetrics.Counter.ACCEPTED, delivery.channel());
			metrics().count(DeliveryMetrics.Counter.DELIVERED, delivery.channel());
			return DispatchResult.DELIVERED;
		}
		metrics().rejected(delivery.channel(), DeliveryMetrics.Reason.HANDLER_FAILED);
		EventHandler failed = item.failedHandler();
		Throwable error = item.lastError();
		throw new HandlerFailedException(delivery.id(), (failed != null) ? failed.getClass().getName() : "unknown",
				(error != null) ? error : new IllegalStateException("Interrupted before the handlers completed"));
	}

}
