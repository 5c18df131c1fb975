package io.unisights.spring.delivery;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterLines;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The collector's part of a dead-letter line ({@link Receipt#deadLetterLines()}): the
 * item's {@link DeliveryEnvelope}, its channel before the payload and its request context
 * after it, as the line has always had them; core's {@link DeadLetterLines} writes the id,
 * the error, the attempts and when they were made.
 */
final class DeadLetterJson implements DeadLetterLines.Detail<Receipt> {

	static final DeadLetterLines<Receipt> LINES = DeadLetterLines.of(new DeadLetterJson());

	private DeadLetterJson() {
	}

	static String write(DeadLetter<Receipt> letter) {
		return LINES.write(letter);
	}

	static DeadLetter<Receipt> read(String line) {
		return LINES.read(line);
	}

	@Override
	public void write(Receipt detail, ObjectNode payload, ObjectNode line) {
		new DeliveryEnvelope(line.get("id").asString(), detail.channel(), detail.context()).writeTo(line, payload);
	}

	@Override
	public Receipt read(JsonNode line) {
		DeliveryEnvelope envelope = DeliveryEnvelope.readFrom(line);
		return new Receipt(envelope.channel(), envelope.context());
	}

}
