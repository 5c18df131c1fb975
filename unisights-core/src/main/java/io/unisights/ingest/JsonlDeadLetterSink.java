package io.unisights.ingest;

import java.nio.file.Path;
import java.time.Instant;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.deadletter.JsonLinesFile;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends dead letters to a JSON Lines file, one object per line:
 * {@code {"message_id":…,"first_attempt_at":…,"failed_at":…,"attempts":…,"status":…,"error":…,"payload":{…}}}.
 * {@code failed_at} is the letter's last attempt time; a line written before
 * {@code first_attempt_at} was added reads it as the first attempt time too.
 * The file is core's {@link JsonLinesFile}, the collector's dead-letter file too: every line
 * forced to disk, created readable by its owner only, replayed without losing a line to a
 * crash.
 */
final class JsonlDeadLetterSink implements DeadLetterSink<SendFailure> {

	private final Path file;

	JsonlDeadLetterSink(Path file) {
		this.file = file;
	}

	@Override
	public void accept(DeadLetter<SendFailure> letter) {
		JsonLinesFile.at(this.file).append(line(letter));
	}

	@Override
	public String toString() {
		return "JsonlDeadLetterSink[" + this.file + "]";
	}

	static String line(DeadLetter<SendFailure> letter) {
		ObjectNode json = EventJson.NODES.objectNode();
		json.put("message_id", letter.id());
		json.put("first_attempt_at", letter.firstAttemptAt().toString());
		json.put("failed_at", letter.lastAttemptAt().toString());
		json.put("attempts", letter.attempts());
		json.put("status", letter.detail().status());
		json.put("error", letter.error());
		json.set("payload", letter.payload());
		// A JSON string never contains a raw line break, so one item is one line.
		return EventJson.MAPPER.writeValueAsString(json);
	}

	static DeadLetter<SendFailure> decode(String line) {
		JsonNode json = EventJson.MAPPER.readTree(line);
		JsonNode payload = json.get("payload");
		JsonNode messageId = json.get("message_id");
		if (payload == null || !payload.isObject() || messageId == null || !messageId.isString()) {
			throw new IllegalArgumentException("not a dead letter: message_id or payload is missing");
		}
		Instant failedAt = instant(json.get("failed_at"), Instant.EPOCH);
		return new DeadLetter<>(messageId.stringValue(), (ObjectNode) payload, json.path("error").asString(""),
				json.path("attempts").asInt(0), instant(json.get("first_attempt_at"), failedAt), failedAt,
				new SendFailure(json.path("status").asInt(0)));
	}

	private static Instant instant(@Nullable JsonNode value, Instant otherwise) {
		return (value != null && value.isString()) ? Instant.parse(value.stringValue()) : otherwise;
	}

}
