package io.unisights.spring.delivery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.RequestContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registered {@link DeliveryRestorer}s by channel, for everything that rebuilds an item
 * from its wire form: queued items and dead letters alike. The first one registered for a
 * channel serves it, as the beans come ordered.
 */
final class Restorers {

	private final Map<Channel, DeliveryRestorer> byChannel = new EnumMap<>(Channel.class);

	Restorers(List<DeliveryRestorer> restorers) {
		for (DeliveryRestorer restorer : restorers) {
			this.byChannel.putIfAbsent(restorer.channel(), restorer);
		}
	}

	/**
	 * Rebuilds an item with the restorer of its channel.
	 * @param channel the item's channel
	 * @param id the item's delivery id
	 * @param payload the item's wire form
	 * @param context the item's request context
	 * @return the item
	 * @throws Unrestorable when no restorer serves the channel or its restorer refuses the
	 * wire form; the message says which, for people
	 */
	Delivery restore(Channel channel, String id, ObjectNode payload, RequestContext context) {
		DeliveryRestorer restorer = this.byChannel.get(channel);
		if (restorer == null) {
			throw new Unrestorable("No DeliveryRestorer for channel " + channel.wireName() + " is registered", null);
		}
		try {
			return restorer.restore(id, payload, context);
		}
		catch (RuntimeException ex) {
			throw new Unrestorable("Payload could not be restored: " + PendingDelivery.describe(null, ex), ex);
		}
	}

	/** Thrown when an item cannot be rebuilt from its wire form. */
	static final class Unrestorable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Unrestorable(String message, @Nullable RuntimeException cause) {
			super(message, cause);
		}

	}

}
