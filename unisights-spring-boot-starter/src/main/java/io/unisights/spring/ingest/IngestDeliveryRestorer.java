package io.unisights.spring.ingest;

import io.unisights.ingest.CanonicalEventWireFormat;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.spring.delivery.DeliveryRestorer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Restores ingested events from their wire form for dead-letter replay. The corrected
 * timestamp is derived again from the original receipt time, so it comes out the same.
 */
final class IngestDeliveryRestorer implements DeliveryRestorer {

	@Override
	public Channel channel() {
		return Channel.INGEST;
	}

	@Override
	public Delivery restore(String id, ObjectNode wireData, RequestContext context) {
		IngestDelivery delivery = IngestDelivery.of(CanonicalEventWireFormat.fromJson(wireData), context);
		return new IngestDelivery(id, delivery.event(), delivery.timestamp(), context);
	}

}
