package io.unisights.spring.delivery;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.RequestContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rebuilds a {@link Delivery} of one channel from its wire form, so that dead letters can
 * be replayed through the handlers. The collector registers one per channel it serves.
 */
public interface DeliveryRestorer {

	/**
	 * The channel whose items this restorer rebuilds.
	 * @return the channel
	 */
	Channel channel();

	/**
	 * Rebuilds an item.
	 * @param id the original delivery id, kept for idempotency downstream
	 * @param wireData the item's wire form, as {@link Delivery#wireData()} produced it
	 * @param context the original request context
	 * @return the item
	 * @throws IllegalArgumentException if the wire form is not valid for the channel
	 */
	Delivery restore(String id, ObjectNode wireData, RequestContext context);

}
