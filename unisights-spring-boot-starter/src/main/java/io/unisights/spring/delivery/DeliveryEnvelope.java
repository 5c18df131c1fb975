package io.unisights.spring.delivery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.RequestContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every written-down form of an accepted item says about it besides its payload: its
 * delivery id, its channel and the request that carried it. One reader and one writer of
 * these fields serve the dead-letter lines ({@link DeadLetterJson}), the header of a
 * queued item ({@link DeliveryCodec}) and the queued items of earlier versions, which
 * were JSON throughout; so a field is named, checked and spelled the same way everywhere.
 * <p>
 * The fields read {@code "id": …, "channel": …, "payload": {…}, "context": {"client_ip",
 * "user_agent", "origin", "received_at"}}, snake_case like the rest of the wire formats;
 * the payload is written only where the form carries it as JSON.
 *
 * @param id delivery id
 * @param channel channel
 * @param context the request that carried the item
 */
record DeliveryEnvelope(String id, Channel channel, RequestContext context) {

	/**
	 * Writes the fields, the payload between the channel and the context as a dead-letter
	 * line has always had it.
	 * @param node the object to write into
	 * @param payload the payload, or {@code null} to leave it out
	 */
	void writeTo(ObjectNode node, @Nullable JsonNode payload) {
		node.put("id", this.id);
		node.put("channel", this.channel.wireName());
		if (payload != null) {
			node.set("payload", payload);
		}
		ObjectNode context = node.putObject("context");
		context.put("client_ip", this.context.clientIp());
		context.put("user_agent", this.context.userAgent());
		context.put("origin", this.context.origin());
		context.put("received_at", this.context.receivedAt().toString());
	}

	/**
	 * Reads the fields.
	 * @param node a JSON object written by {@link #writeTo}
	 * @return the envelope
	 * @throws IllegalArgumentException naming the field that is missing or malformed
	 */
	static DeliveryEnvelope readFrom(JsonNode node) {
		if (!node.isObject()) {
			throw new IllegalArgumentException("not a JSON object");
		}
		JsonNode context = node.get("context");
		if (context == null || !context.isObject()) {
			throw new IllegalArgumentException("context: must be an object");
		}
		Channel channel;
		try {
			channel = Channel.fromWireName(required(node, "channel"));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("channel: " + ex.getMessage(), ex);
		}
		RequestContext requestContext = new RequestContext(optional(context, "client_ip"),
				optional(context, "user_agent"), optional(context, "origin"),
				instant(context, "received_at", "context.received_at"));
		return new DeliveryEnvelope(required(node, "id"), channel, requestContext);
	}

	static String required(JsonNode node, String field) {
		String value = optional(node, field);
		if (value == null) {
			throw new IllegalArgumentException(field + ": must be a string");
		}
		return value;
	}

	static @Nullable String optional(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	static Instant instant(JsonNode node, String field, String path) {
		String value = optional(node, field);
		if (value == null) {
			throw new IllegalArgumentException(path + ": must be an ISO-8601 instant");
		}
		try {
			return Instant.parse(value);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(path + ": must be an ISO-8601 instant but was '" + value + "'", ex);
		}
	}

}
