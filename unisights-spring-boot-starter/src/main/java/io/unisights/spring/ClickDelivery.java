package io.unisights.spring;

import io.unisights.tracking.TrackingToken;
import tools.jackson.databind.node.ObjectNode;

/**
 * An email link click: a verified click link was followed, and the client is being
 * redirected to {@link #trackedUrl()}.
 *
 * @param id delivery id, generated on receipt
 * @param token what the link carries: target, metadata, when it was minted, its format
 * @param automation whether the click looks machine-made (security scanners follow links
 * before recipients do), and why
 * @param context the request that followed the link
 */
public record ClickDelivery(String id, TrackingToken token, Automation automation, RequestContext context)
		implements Delivery {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public ClickDelivery {
		if (token.targetUrl() == null) {
			throw new IllegalArgumentException("A click needs a target URL");
		}
	}

	/**
	 * The metadata the sender put in the link.
	 * @return the metadata object; copy it before modifying it
	 */
	public ObjectNode metadata() {
		return this.token.metadata();
	}

	/**
	 * Where the client is redirected to.
	 * @return the target URL, exactly as minted
	 */
	public String trackedUrl() {
		return java.util.Objects.requireNonNull(this.token.targetUrl());
	}

	@Override
	public Channel channel() {
		return Channel.CLICK;
	}

	@Override
	public String partitionKey() {
		return TrackingWireData.partitionKey(this.token);
	}

	/**
	 * The click in wire form: {@code metadata}, {@code tracked_url}, {@code sent_at},
	 * {@code expires_at}, {@code key_id}, {@code automated}, {@code automated_reason},
	 * {@code format} and, for pytracking links that embed one, {@code webhook_url}.
	 */
	@Override
	public ObjectNode wireData() {
		return TrackingWireData.of(this.token, this.automation);
	}

}
