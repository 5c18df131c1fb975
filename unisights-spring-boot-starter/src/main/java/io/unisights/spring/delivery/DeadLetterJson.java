package io.unisights.spring.delivery;

import io.unisights.deadletter.DeadLetter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One collector {@link DeadLetter} per line of JSON, snake_case like the rest of the wire
 * formats: the item's {@link DeliveryEnvelope} with its wire payload, then the error, the
 * attempts and when they were made.
 */
final class DeadLetterJson {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private DeadLetterJson() {
	}

	static String write(DeadLetter<Receipt> letter) {
		ObjectNode line = mapper.createObjectNode();
		new DeliveryEnvelope(letter.id(), letter.detail().channel(), letter.detail().context()).writeTo(line,
				letter.payload());
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
	static DeadLetter<Receipt> read(String line) {
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
		DeliveryEnvelope envelope = DeliveryEnvelope.readFrom(node);
		JsonNode attempts = node.get("attempts");
		if (attempts == null || !attempts.canConvertToInt()) {
			throw new IllegalArgumentException("attempts: must be an integer");
		}
		return new DeadLetter<>(envelope.id(), (ObjectNode) payload, DeliveryEnvelope.required(node, "error"),
				attempts.asInt(), DeliveryEnvelope.instant(node, "first_attempt_at", "first_attempt_at"),
				DeliveryEnvelope.instant(node, "last_attempt_at", "last_attempt_at"),
				new Receipt(envelope.channel(), envelope.context()));
	}

}
