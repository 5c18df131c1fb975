package io.unisights.deadletter;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one on-disk form of a dead letter: a JSON object on one line, snake_case like the
 * wire formats. The common part is written under {@code id}, {@code payload},
 * {@code error}, {@code attempts}, {@code first_attempt_at} and {@code last_attempt_at};
 * the sender's {@linkplain Detail detail} adds its own keys beside them (the collector
 * {@code channel} and {@code context}, the events client {@code status}).
 * <p>
 * Lines of the events client's earlier form ({@code message_id} and {@code failed_at},
 * before it shared this form) are read as well, so a file written by an earlier version
 * replays unchanged.
 *
 * @param <D> the sender's part of the {@link DeadLetter}
 */
public final class DeadLetterLines<D> {

	// Jackson's defaults, not the wire limits: a line wraps an item that passed those limits
	// in an envelope of its own, and must read back however deep the item was.
	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final Detail<D> detail;

	private DeadLetterLines(Detail<D> detail) {
		this.detail = detail;
	}

	/**
	 * The lines of a sender.
	 * @param <D> the sender's part of the letter
	 * @param detail how the sender's part is written and read
	 * @return the lines
	 */
	public static <D> DeadLetterLines<D> of(Detail<D> detail) {
		return new DeadLetterLines<>(detail);
	}

	/**
	 * Writes a letter as one line.
	 * @param letter the letter
	 * @return one JSON object without a line break
	 */
	public String write(DeadLetter<D> letter) {
		ObjectNode line = mapper.createObjectNode();
		line.put("id", letter.id());
		this.detail.write(letter.detail(), letter.payload(), line);
		if (!line.has("payload")) {
			line.set("payload", letter.payload());
		}
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
	 * @return the letter
	 * @throws IllegalArgumentException naming the field if the line is not a dead letter
	 */
	public DeadLetter<D> read(String line) {
		JsonNode node;
		try {
			node = mapper.readTree(line);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Dead letter is not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("Dead letter is not a JSON object");
		}
		JsonNode payload = node.get("payload");
		if (payload == null || !payload.isObject()) {
			throw new IllegalArgumentException("payload: must be an object");
		}
		String id = string(node, node.has("message_id") && !node.has("id") ? "message_id" : "id");
		D detail = this.detail.read(node);
		JsonNode attempts = node.get("attempts");
		if (attempts == null || !attempts.canConvertToInt()) {
			throw new IllegalArgumentException("attempts: must be an integer");
		}
		Instant last = instant(node, node.has("failed_at") && !node.has("last_attempt_at") ? "failed_at"
				: "last_attempt_at", null);
		Instant first = instant(node, "first_attempt_at", last);
		return new DeadLetter<>(id, (ObjectNode) payload, string(node, "error"), attempts.asInt(), first, last,
				detail);
	}

	/**
	 * A string field of a line.
	 * @param node the line or an object in it
	 * @param field the field
	 * @return its value
	 * @throws IllegalArgumentException naming the field if it is missing or not a string
	 */
	public static String string(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString()) {
			throw new IllegalArgumentException(field + ": must be a string");
		}
		return value.asString();
	}

	private static Instant instant(JsonNode node, String field, @Nullable Instant otherwise) {
		JsonNode value = node.get(field);
		if (value == null && otherwise != null) {
			// A line of the events client written before it kept the first attempt time.
			return otherwise;
		}
		if (value == null || !value.isString()) {
			throw new IllegalArgumentException(field + ": must be an ISO-8601 instant");
		}
		try {
			return Instant.parse(value.asString());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(field + ": must be an ISO-8601 instant but was '" + value.asString()
					+ "'", ex);
		}
	}

	/**
	 * How a sender's part of a letter is written into its line and read back.
	 *
	 * @param <D> the sender's part
	 */
	public interface Detail<D> {

		/**
		 * Adds the sender's keys to a line.
		 * @param detail the sender's part
		 * @param payload the letter's payload, which the detail may place among its own
		 * keys (the common part adds it after them otherwise)
		 * @param line the line, its {@code id} already written
		 */
		void write(D detail, ObjectNode payload, ObjectNode line);

		/**
		 * Reads the sender's keys of a line.
		 * @param line the line
		 * @return the sender's part
		 * @throws IllegalArgumentException naming the field that is missing or malformed
		 */
		D read(JsonNode line);

	}

}
