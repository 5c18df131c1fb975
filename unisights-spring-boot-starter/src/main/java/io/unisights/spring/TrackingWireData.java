package io.unisights.spring;

import java.util.Locale;

import io.unisights.tracking.TrackingToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The snake_case wire form shared by opens and clicks. */
final class TrackingWireData {

	private TrackingWireData() {
	}

	/**
	 * The partition key of an email event: the metadata's {@code recipient} when it names
	 * one, otherwise the metadata as a whole, so that the opens and clicks of one message
	 * (one set of metadata) share a partition.
	 */
	static String partitionKey(TrackingToken token) {
		JsonNode recipient = token.metadata().get("recipient");
		if (recipient != null && recipient.isString() && !recipient.stringValue().isEmpty()) {
			return recipient.stringValue();
		}
		return token.metadata().toString();
	}

	static ObjectNode of(TrackingToken token, Automation automation) {
		ObjectNode data = JsonNodeFactory.instance.objectNode();
		data.set("metadata", token.metadata().deepCopy());
		data.put("tracked_url", token.targetUrl());
		data.put("sent_at", (token.issuedAt() != null) ? token.issuedAt().toString() : null);
		data.put("expires_at", (token.expiresAt() != null) ? token.expiresAt().toString() : null);
		data.put("key_id", token.keyId());
		data.put("automated", automation.automated());
		data.put("automated_reason", (automation.reason() != null) ? automation.reason().wireName() : null);
		data.put("format", token.format().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		if (token.webhookUrl() != null) {
			data.put("webhook_url", token.webhookUrl());
		}
		return data;
	}

}
