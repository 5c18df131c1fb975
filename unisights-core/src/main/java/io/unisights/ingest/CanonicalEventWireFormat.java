package io.unisights.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import io.unisights.wire.JsonLimits;
import io.unisights.wire.SingleLine;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.ingest.EventFormatException.Reason;

/**
 * Reads and writes the JSON wire form of {@link CanonicalEvent}s: snake_case keys, times
 * in RFC 3339. A request body is either one event object or a batch
 * {@code {"events":[…], "sent_at":"…"}}, whose {@code sent_at} applies to every event that
 * has none of its own. Keys this version does not know are ignored, so senders can add
 * fields before receivers know them.
 * <p>
 * Ids, names and identity fields are single-line: a control character or line separator in
 * {@code id}, {@code type}, {@code source} or {@code identity} is refused, since those
 * values end up in logs, partition keys and dashboards, where a CR LF forges a line.
 * {@code data} is the sender's own and may hold any text, multi-line included.
 */
public final class CanonicalEventWireFormat {

	/** Longest event id accepted; ids are idempotency keys and are held in memory. */
	public static final int MAX_ID_LENGTH = 255;

	private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private CanonicalEventWireFormat() {
	}

	/**
	 * Writes an event in its wire form.
	 * @param event the event
	 * @return a fresh JSON object
	 */
	public static ObjectNode toJson(CanonicalEvent event) {
		ObjectNode json = EventJson.NODES.objectNode();
		json.put("id", event.id());
		json.put("type", event.type());
		json.put("occurred_at", event.occurredAt().toString());
		json.put("source", event.source());
		Identity identity = event.identity();
		if (!identity.isEmpty()) {
			ObjectNode node = json.putObject("identity");
			putIfPresent(node, "id", identity.id());
			putIfPresent(node, "email", identity.email());
			putIfPresent(node, "phone", identity.phone());
			identity.extras().forEach((key, value) -> node.set(key, value.deepCopy()));
		}
		json.set("data", event.data().deepCopy());
		if (event.sentAt() != null) {
			json.put("sent_at", event.sentAt().toString());
		}
		return json;
	}

	/**
	 * Writes an event as a request body.
	 * @param event the event
	 * @return compact UTF-8 JSON
	 */
	public static byte[] toBytes(CanonicalEvent event) {
		return EventJson.MAPPER.writeValueAsBytes(toJson(event));
	}

	/**
	 * Writes events as a batch request body, {@code {"events":[…]}}.
	 * @param events the events, at least one
	 * @return compact UTF-8 JSON
	 */
	public static byte[] toBatchBytes(List<CanonicalEvent> events) {
		if (events.isEmpty()) {
			throw new IllegalArgumentException("A batch needs at least one event");
		}
		ObjectNode json = EventJson.NODES.objectNode();
		ArrayNode array = json.putArray("events");
		for (CanonicalEvent event : events) {
			array.add(toJson(event));
		}
		return EventJson.MAPPER.writeValueAsBytes(json);
	}

	/**
	 * Reads a request body holding one event or a batch.
	 * @param body the raw body
	 * @param maxBatchSize the most events a batch may hold
	 * @return the events
	 * @throws EventFormatException naming the reason and the field at fault
	 */
	public static EventBatch read(byte[] body, int maxBatchSize) {
		JsonNode root = parse(body);
		JsonNode events = root.get("events");
		if (events != null && !root.has("type")) {
			return readBatch(root, events, maxBatchSize);
		}
		return new EventBatch(List.of(readEvent(root, "", null)), false);
	}

	/**
	 * Reads one event object.
	 * @param json the event's JSON object
	 * @return the event
	 * @throws EventFormatException naming the reason and the field at fault
	 */
	public static CanonicalEvent fromJson(JsonNode json) {
		if (!json.isObject()) {
			throw new EventFormatException(Reason.MALFORMED_JSON, null, "an event must be a JSON object", null);
		}
		// Copied so that the event never shares its data with the caller's tree.
		return readEvent(json.deepCopy(), "", null);
	}

	private static JsonNode parse(byte[] body) {
		if (isBlank(body)) {
			throw new EventFormatException(Reason.EMPTY_BODY, null, "the request body is empty", null);
		}
		JsonNode root;
		try (JsonParser parser = EventJson.MAPPER.createParser(body)) {
			root = readTree(parser);
		}
		catch (JacksonException ex) {
			throw new EventFormatException(Reason.MALFORMED_JSON, null,
					"the request body " + JsonLimits.malformed(ex), ex);
		}
		if (root != null && root.isArray()) {
			// Refused rather than guessed at: a batch has its own fields (sent_at), and the
			// problem says what to send instead.
			throw new EventFormatException(Reason.INVALID_FIELD, null,
					"the request body is a JSON array; send a batch as {\"events\":[…]} or one event as an object", null);
		}
		if (root == null || !root.isObject()) {
			throw new EventFormatException(Reason.MALFORMED_JSON, null,
					"the request body must be a JSON object: one event, or {\"events\":[…]}", null);
		}
		return root;
	}

	/** Reads a tree, answering a limit of the tokenizer as the field it was hit in. */
	private static JsonNode readTree(JsonParser parser) {
		try {
			return EventJson.MAPPER.readTree(parser);
		}
		catch (StreamConstraintsException ex) {
			String path = JsonLimits.pathOf(parser.streamReadContext());
			String field = path.isEmpty() ? null : path;
			throw new EventFormatException(Reason.INVALID_FIELD, field,
					((field != null) ? field : "the request body") + " " + JsonLimits.problem(ex), ex);
		}
	}

	private static EventBatch readBatch(JsonNode root, JsonNode events, int maxBatchSize) {
		if (!events.isArray()) {
			throw invalid("events", "must be an array of events");
		}
		if (events.isEmpty()) {
			throw invalid("events", "must hold at least one event");
		}
		if (events.size() > maxBatchSize) {
			throw new EventFormatException(Reason.BATCH_TOO_LARGE, "events",
					"holds " + events.size() + " events; at most " + maxBatchSize + " are accepted per request", null);
		}
		Instant batchSentAt = optionalTime(root, "sent_at", "sent_at");
		List<CanonicalEvent> result = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			String prefix = "events[" + i + "].";
			JsonNode event = events.get(i);
			if (!event.isObject()) {
				throw invalid("events[" + i + "]", "must be an event object");
			}
			result.add(readEvent(event, prefix, batchSentAt));
		}
		return new EventBatch(result, true);
	}

	private static CanonicalEvent readEvent(JsonNode json, String prefix, @Nullable Instant defaultSentAt) {
		String id = requiredString(json, "id", prefix);
		if (id.length() > MAX_ID_LENGTH) {
			throw invalid(prefix + "id", "must be at most " + MAX_ID_LENGTH + " characters");
		}
		String type = requiredString(json, "type", prefix);
		Instant occurredAt = optionalTime(json, "occurred_at", prefix + "occurred_at");
		if (occurredAt == null) {
			throw missing(prefix + "occurred_at");
		}
		String source = requiredString(json, "source", prefix);
		Identity identity = identity(json.get("identity"), prefix + "identity");
		ObjectNode data = data(json.get("data"), prefix + "data");
		Instant sentAt = optionalTime(json, "sent_at", prefix + "sent_at");
		return new CanonicalEvent(id, type, occurredAt, source, identity, data,
				(sentAt != null) ? sentAt : defaultSentAt);
	}

	private static Identity identity(@Nullable JsonNode node, String path) {
		if (isAbsent(node)) {
			return Identity.none();
		}
		if (!node.isObject()) {
			throw invalid(path, "must be an object");
		}
		String id = null;
		String email = null;
		String phone = null;
		Map<String, JsonNode> extras = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			JsonNode value = entry.getValue();
			switch (entry.getKey()) {
				case "id" -> id = optionalString(value, path + ".id");
				case "email" -> email = optionalString(value, path + ".email");
				case "phone" -> phone = optionalString(value, path + ".phone");
				default -> extras.put(entry.getKey(), singleLine(finite(value, path + "." + entry.getKey()),
						path + "." + entry.getKey()));
			}
		}
		return new Identity(id, email, phone, extras);
	}

	private static ObjectNode data(@Nullable JsonNode node, String path) {
		if (isAbsent(node)) {
			return EventJson.NODES.objectNode();
		}
		if (!node.isObject()) {
			throw invalid(path, "must be an object");
		}
		finite(node, path);
		// The tree was parsed for this request only, so it is handed over without a copy.
		return (ObjectNode) node;
	}

	private static JsonNode finite(JsonNode node, String path) {
		String nonFinite = JsonLimits.nonFinite(node);
		if (nonFinite != null) {
			throw invalid(path + nonFinite, "must be a finite number: it is beyond the range of a double");
		}
		return node;
	}

	private static String requiredString(JsonNode json, String name, String prefix) {
		JsonNode node = json.get(name);
		if (isAbsent(node)) {
			throw missing(prefix + name);
		}
		if (!node.isString()) {
			throw invalid(prefix + name, "must be a string");
		}
		String value = node.stringValue();
		if (value.isBlank()) {
			throw invalid(prefix + name, "must not be blank");
		}
		return singleLine(value, prefix + name);
	}

	/** Refuses what would break a log line; the character is named, never echoed. */
	private static String singleLine(String value, String path) {
		int at = SingleLine.firstBreak(value);
		if (at >= 0) {
			throw invalid(path, "must be a single line without control characters, but holds "
					+ SingleLine.name(value.charAt(at)) + " at index " + at);
		}
		return value;
	}

	private static JsonNode singleLine(JsonNode node, String path) {
		if (node.isString()) {
			singleLine(node.stringValue(), path);
		}
		return node;
	}

	private static @Nullable String optionalString(JsonNode node, String path) {
		if (node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw invalid(path, "must be a string");
		}
		return singleLine(node.stringValue(), path);
	}

	private static @Nullable Instant optionalTime(JsonNode json, String name, String path) {
		JsonNode node = json.get(name);
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isString()) {
			throw invalid(path, "must be an RFC 3339 date-time string such as 2025-05-01T10:15:30Z");
		}
		Instant instant;
		try {
			instant = OffsetDateTime.parse(node.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeException ex) {
			throw new EventFormatException(Reason.INVALID_FIELD, path, path
					+ " must be an RFC 3339 date-time with an offset, such as 2025-05-01T10:15:30Z, but was '"
					+ node.stringValue() + "'", ex);
		}
		// RFC 3339 has four-digit years; java.time takes nine, whose arithmetic (clock skew
		// correction, windows) overflows.
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw invalid(path, "must be a date-time from year 0000 to 9999 (RFC 3339), but was '"
					+ node.stringValue() + "'");
		}
		return instant;
	}

	private static void putIfPresent(ObjectNode json, String name, @Nullable String value) {
		if (value != null) {
			json.put(name, value);
		}
	}

	private static boolean isAbsent(@Nullable JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode();
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	private static EventFormatException missing(String path) {
		return new EventFormatException(Reason.MISSING_FIELD, path, path + " is required", null);
	}

	private static EventFormatException invalid(String path, String problem) {
		return new EventFormatException(Reason.INVALID_FIELD, path, path + " " + problem, null);
	}

}
