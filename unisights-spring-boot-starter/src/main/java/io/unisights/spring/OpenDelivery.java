package io.unisights.spring;

import io.unisights.tracking.TrackingToken;

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
		implements TrackingDelivery {

	@Override
	public Channel channel() {
		return Channel.OPEN;
	}

}
