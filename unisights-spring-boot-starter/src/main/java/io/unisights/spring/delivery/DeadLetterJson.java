package io.unisights.spring.delivery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.RequestContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@link DeadLetter} per line of JSON, snake_case like the rest of the wire formats.
 */
final class DeadLetterJson {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private DeadLetterJson() {
	}

	static String write(DeadLetter letter) {
		ObjectNode line = mapper.createObjectNode();
		line.put("id", letter.id());
		line.put("channel", letter.channel().wireName());
		line.set("payload", letter.payload());
		writeContext(line.putObject("context"), letter.context());
		line.put("error", letter.error());
		line.put("attempts", letter.attempts());
		line.put("first_attempt_at", letter.firstAttemptAt().toString());
		line.put("last_attempt_at", letter.lastAttemptAt().toString());
		// A JSON string never contains a raw line break, so one item is one line.
		return mapper.writeValueAsString(line);
	}

	/**
	 * Reads one line.
	 * @param line the line
	 * @return the item
	 * @throws IllegalArgumentException naming the field if the line is not a dead letter
	 */
	static DeadLetter read(String line) {
		JsonNode node;
		try {
			node = mapper.readTree(line);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Dead letter is not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException("Dead letter is not a JSON object");
		}
		JsonNode payload = node.get("payload");
		if (payload == null || !payload.isObject()) {
			throw new IllegalArgumentException("payload: must be an object");
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
		RequestContext requestContext = readContext(context);
		JsonNode attempts = node.get("attempts");
		if (attempts == null || !attempts.canConvertToInt()) {
			throw new IllegalArgumentException("attempts: must be an integer");
		}
		return new DeadLetter(required(node, "id"), channel, (ObjectNode) payload, requestContext,
				required(node, "error"), attempts.asInt(), instant(node, "first_attempt_at", "first_attempt_at"),
				instant(node, "last_attempt_at", "last_attempt_at"));
	}

	static void writeContext(ObjectNode node, RequestContext context) {
		node.put("client_ip", context.clientIp());
		node.put("user_agent", context.userAgent());
		node.put("origin", context.origin());
		node.put("received_at", context.receivedAt().toString());
	}

	static RequestContext readContext(@Nullable JsonNode context) {
		if (context == null || !context.isObject()) {
			throw new IllegalArgumentException("context: must be an object");
		}
		return new RequestContext(optional(context, "client_ip"), optional(context, "user_agent"),
				optional(context, "origin"), instant(context, "received_at", "context.received_at"));
	}

	private static String required(JsonNode node, String field) {
		String value = optional(node, field);
		if (value == null) {
			throw new IllegalArgumentException(field + ": must be a string");
		}
		return value;
	}

	private static @Nullable String optional(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static Instant instant(JsonNode node, String field, String path) {
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
