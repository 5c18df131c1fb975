package io.unisights.spring;

import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.BeaconWireFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An analytics batch from the browser SDK, decrypted and validated.
 *
 * @param id delivery id, generated on receipt
 * @param payload the session data and its events
 * @param context the request that carried the batch
 * @param contentDigest fingerprint of what was received, equal when the same bytes arrive
 * again (see {@link io.unisights.beacon.DecodedBeacon#contentDigest()}), or
 * {@code null} when the delivery was rebuilt from its wire form
 */
public record BeaconDelivery(String id, BeaconPayload payload, RequestContext context,
		@Nullable String contentDigest) implements Delivery {

	/**
	 * Creates a delivery without a content digest, as when rebuilt from its wire form.
	 * @param id delivery id
	 * @param payload the session data and its events
	 * @param context the request that carried the batch
	 */
	public BeaconDelivery(String id, BeaconPayload payload, RequestContext context) {
		this(id, payload, context, null);
	}

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
