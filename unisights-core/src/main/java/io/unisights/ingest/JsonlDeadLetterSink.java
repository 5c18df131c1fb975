package io.unisights.ingest;

import java.nio.file.Path;
import java.time.Instant;

import io.unisights.deadletter.JsonLinesFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends dead letters to a JSON Lines file, one object per line:
 * {@code {"message_id":…,"failed_at":…,"attempts":…,"status":…,"error":…,"payload":{…}}}.
 * The file is core's {@link JsonLinesFile}, the collector's dead-letter file too: every line
 * forced to disk, created readable by its owner only, replayed without losing a line to a
 * crash.
 */
final class JsonlDeadLetterSink implements DeadLetterSink {

	private final Path file;

	JsonlDeadLetterSink(Path file) {
		this.file = file;
	}

	@Override
	public void accept(DeadLetter letter) {
		JsonLinesFile.at(this.file).append(line(letter));
	}

	@Override
	public String toString() {
		return "JsonlDeadLetterSink[" + this.file + "]";
	}

	static String line(DeadLetter letter) {
		ObjectNode json = EventJson.NODES.objectNode();
		json.put("message_id", letter.messageId());
		json.put("failed_at", letter.failedAt().toString());
		json.put("attempts", letter.attempts());
		json.put("status", letter.status());
		json.put("error", letter.error());
		json.set("payload", letter.payload());
		// A JSON string never contains a raw line break, so one item is one line.
		return EventJson.MAPPER.writeValueAsString(json);
	}

	static DeadLetter decode(String line) {
		JsonNode json = EventJson.MAPPER.readTree(line);
		JsonNode payload = json.get("payload");
		JsonNode messageId = json.get("message_id");
		if (payload == null || !payload.isObject() || messageId == null || !messageId.isString()) {
			throw new IllegalArgumentException("not a dead letter: message_id or payload is missing");
		}
		JsonNode failedAt = json.get("failed_at");
		return new DeadLetter(messageId.stringValue(), (ObjectNode) payload, json.path("attempts").asInt(0),
				json.path("status").asInt(0), json.path("error").asString(""),
				(failedAt != null && failedAt.isString()) ? Instant.parse(failedAt.stringValue()) : Instant.EPOCH);
	}

}
