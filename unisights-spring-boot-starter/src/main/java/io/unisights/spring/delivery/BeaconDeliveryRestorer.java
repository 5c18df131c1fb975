package io.unisights.spring.delivery;

import io.unisights.beacon.BeaconWireFormat;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.RequestContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * Restores beacons from their wire form. Leniently: the item was validated when it was
 * received, and a replay should not refuse it because the validation settings changed
 * since.
 */
final class BeaconDeliveryRestorer implements DeliveryRestorer {

	@Override
	public Channel channel() {
		return Channel.BEACON;
	}

	@Override
	public Delivery restore(String id, ObjectNode wireData, RequestContext context) {
		return new BeaconDelivery(id, BeaconWireFormat.fromJsonLeniently(wireData), context);
	}

}
