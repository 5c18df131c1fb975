package io.unisights.spring.delivery;

import io.unisights.spring.Delivery;

/**
 * Hands accepted items to the {@link io.unisights.spring.EventHandler} beans. Endpoints call
 * the dispatcher and never the handlers themselves, so that delivery guarantees (ordering,
 * retries, dead-lettering) are defined in one place.
 */
@FunctionalInterface
public interface EventDispatcher {

	/**
	 * Delivers an item, or takes responsibility for delivering it later.
	 * @param delivery the accepted item
	 * @return what became of it
	 * @throws HandlerFailedException if the item was handed to the handlers synchronously
	 * and one of them failed, so the sender should retry
	 */
	DispatchResult dispatch(Delivery delivery);

}
