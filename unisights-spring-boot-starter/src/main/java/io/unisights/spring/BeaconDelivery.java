package io.unisights.spring;

import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.BeaconWireFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * An analytics batch from the browser SDK, decrypted and validated.
 *
 * @param id delivery id, generated on receipt
 * @param payload the session data and its events
 * @param context the request that carried the batch
 */
public record BeaconDelivery(String id, BeaconPayload payload, RequestContext context) implements Delivery {

	@Override
	public Channel channel() {
		return Channel.BEACON;
	}

	@Override
	public String partitionKey() {
		String sessionId = this.payload.sessionId();
		return (sessionId != null) ? sessionId : this.id;
	}

	@Override
	public ObjectNode wireData() {
		return BeaconWireFormat.toJson(this.payload);
	}

}
