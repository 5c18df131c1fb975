package io.unisights.spring;

import java.util.Objects;

import io.unisights.tracking.TrackingToken;

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
		implements TrackingDelivery {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public ClickDelivery {
		if (token.targetUrl() == null) {
			throw new IllegalArgumentException("A click needs a target URL");
		}
	}

	/**
	 * Where the client is redirected to.
	 * @return the target URL, exactly as minted
	 */
	public String trackedUrl() {
		return Objects.requireNonNull(this.token.targetUrl());
	}

	@Override
	public Channel channel() {
		return Channel.CLICK;
	}

}
