package io.unisights.spring;

import io.unisights.tracking.TrackingToken;
import tools.jackson.databind.node.ObjectNode;

/**
 * An email open: the tracking pixel of a verified link was loaded.
 *
 * @param id delivery id, generated on receipt
 * @param token what the link carries: metadata, when it was minted, its format
 * @param automation whether the load looks machine-made (mail-provider image proxies
 * load every image), and why
 * @param context the request that loaded the pixel
 */
public record OpenDelivery(String id, TrackingToken token, Automation automation, RequestContext context)
		implements Delivery {

	/**
	 * The metadata the sender put in the link.
	 * @return the metadata object; copy it before modifying it
	 */
	public ObjectNode metadata() {
		return this.token.metadata();
	}

	@Override
	public Channel channel() {
		return Channel.OPEN;
	}

	@Override
	public String partitionKey() {
		return TrackingWireData.partitionKey(this.token);
	}

	/**
	 * The open in wire form: {@code metadata}, {@code tracked_url} (null), {@code sent_at},
	 * {@code expires_at}, {@code key_id}, {@code automated}, {@code automated_reason},
	 * {@code format} and, for pytracking links that embed one, {@code webhook_url}.
	 */
	@Override
	public ObjectNode wireData() {
		return TrackingWireData.of(this.token, this.automation);
	}

}
