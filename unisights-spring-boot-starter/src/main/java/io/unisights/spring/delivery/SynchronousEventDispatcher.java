package io.unisights.spring.delivery;

import java.util.List;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

/**
 * Runs every handler in order on the calling thread; the first failure stops the chain
 * and fails the request so that the sender retries the whole item.
 */
final class SynchronousEventDispatcher implements EventDispatcher {

	private final List<EventHandler> handlers;

	SynchronousEventDispatcher(List<EventHandler> handlers) {
		this.handlers = List.copyOf(handlers);
	}

	@Override
	public DispatchResult dispatch(Delivery delivery) {
		for (EventHandler handler : this.handlers) {
			try {
				handler.handle(delivery);
			}
			catch (Exception ex) {
				throw new HandlerFailedException(delivery.id(), handler.getClass().getName(), ex);
			}
		}
		return DispatchResult.DELIVERED;
	}

}
