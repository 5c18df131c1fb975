package io.unisights.spring.tracking;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.spring.Automation;
import io.unisights.spring.Channel;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.spring.delivery.DeliveryRestorer;
import io.unisights.tracking.TrackingToken;

/**
 * Rebuilds opens or clicks from their wire form for dead-letter replay. The token was
 * verified when the item was received, so it is not verified again: keys may have been
 * rotated since.
 */
final class TrackingDeliveryRestorer implements DeliveryRestorer {

	private final Channel channel;

	TrackingDeliveryRestorer(Channel channel) {
		if (channel != Channel.OPEN && channel != Channel.CLICK) {
			throw new IllegalArgumentException("Not a tracking channel: " + channel);
		}
		this.channel = channel;
	}

	@Override
	public Channel channel() {
		return this.channel;
	}

	@Override
	public Delivery restore(String id, ObjectNode wireData, RequestContext context) {
		JsonNode metadata = wireData.get("metadata");
		if (!(metadata instanceof ObjectNode metadataObject)) {
			throw new IllegalArgumentException("metadata: must be a JSON object");
		}
		String format = text(wireData, "format");
		TrackingToken token = new TrackingToken(
				(this.channel == Channel.CLICK) ? TrackingToken.Kind.CLICK : TrackingToken.Kind.OPEN,
				metadataObject.deepCopy(), text(wireData, "tracked_url"), instant(wireData, "sent_at"),
				instant(wireData, "expires_at"), text(wireData, "key_id"),
				(format != null) ? TrackingToken.Format.valueOf(format.toUpperCase(Locale.ROOT).replace('-', '_'))
						: TrackingToken.Format.NATIVE,
				text(wireData, "webhook_url"));
		Automation automation = automation(wireData);
		if (this.channel == Channel.CLICK) {
			if (token.targetUrl() == null) {
				throw new IllegalArgumentException("tracked_url: required for a click");
			}
			return new ClickDelivery(id, token, automation, context);
		}
		return new OpenDelivery(id, token, automation, context);
	}

	private static Automation automation(ObjectNode wireData) {
		String reason = text(wireData, "automated_reason");
		if (reason == null) {
			return Automation.NONE;
		}
		for (Automation.Reason candidate : Automation.Reason.values()) {
			if (candidate.wireName().equals(reason)) {
				return Automation.because(candidate);
			}
		}
		throw new IllegalArgumentException("automated_reason: unknown value '" + reason + "'");
	}

	private static @Nullable String text(ObjectNode wireData, String field) {
		JsonNode node = wireData.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new IllegalArgumentException(field + ": must be a string");
		}
		return node.asString();
	}

	private static @Nullable Instant instant(ObjectNode wireData, String field) {
		String text = text(wireData, field);
		try {
			return (text != null) ? Instant.parse(text) : null;
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new IllegalArgumentException(field + ": not an ISO-8601 instant", ex);
		}
	}

}
