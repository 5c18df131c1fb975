package io.unisights.ingest;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterLines;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events client's dead-letter lines: the common {@link DeadLetterLines} form, the
 * collector's too, with the last HTTP status under {@code status}:
 * {@code {"id":…,"status":…,"payload":{…},"error":…,"attempts":…,"first_attempt_at":…,"last_attempt_at":…}}.
 * Lines of the earlier form ({@code message_id}, {@code failed_at}) are still read.
 */
final class JsonlDeadLetterSink {

	static final DeadLetterLines<SendFailure> LINES = DeadLetterLines.of(new DeadLetterLines.Detail<>() {

		@Override
		public void write(SendFailure detail, ObjectNode payload, ObjectNode line) {
			line.put("status", detail.status());
		}

		@Override
		public SendFailure read(JsonNode line) {
			JsonNode status = line.get("status");
			return new SendFailure((status != null && status.canConvertToInt()) ? status.asInt() : 0);
		}

	});

	private JsonlDeadLetterSink() {
	}

	static String line(DeadLetter<SendFailure> letter) {
		return LINES.write(letter);
	}

	static DeadLetter<SendFailure> decode(String line) {
		return LINES.read(line);
	}

}
