package io.unisights.beacon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.unisights.beacon.BeaconPayloadReader.Range;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fast path of decoding: maps the tokens of a valid, SDK-shaped payload straight to
 * records, without building a JSON tree first (the tree parse was the largest cost of a
 * beacon request after the fix recorded in BENCHMARKS.md).
 * <p>
 * It only ever succeeds or gives up: on anything unusual (an invalid value, {@code data}
 * before {@code type}, an unknown event type, malformed JSON) it answers {@code null} and
 * the decoder reads the same bytes with {@link BeaconPayloadReader}, which stays the one
 * place that decides what is valid and names the field at fault. What it accepts it maps to
 * exactly the records that reader would build; the tests hold both to that.
 * <p>
 * The tokens come from {@link CompactJsonTokens}, which reads JSON as the SDK writes it
 * straight from the bytes, or, where that gives up, from Jackson's parser: one mapping over
 * either {@link TokenSource}.
 */
final class BeaconStreamReader {

	/**
	 * Reads a plain body ({@code {"encrypted": false, "data": {...}}}).
	 * @return the payload, or {@code null} to leave the body to the tree reader
	 */
	@Nullable BeaconPayload readPlainBody(byte[] body) {
		// The compact reader takes what the SDK writes; where it gives up, Jackson's parser
		// reads the bytes. Where it answered, Jackson's tokens would be the same, and so the answer.
		try {
			return readPlainBody(new CompactJsonTokens(body));
		}
		catch (GiveUp ex) {
			// read again below
		}
		try (JsonParser parser = BeaconJson.MAPPER.createParser(body)) {
			return readPlainBody(new TokenSource.Jackson(parser));
		}
		catch (JacksonException | GiveUp ex) {
			return null;
		}
	}

	/** Reads a plain body from one token source; package-private for the tests. */
	@Nullable BeaconPayload readPlainBody(TokenSource parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			return null;
		}
		BeaconPayload payload = null;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken token = parser.nextToken();
			if (name.equals("encrypted") && token == JsonToken.VALUE_FALSE) {
				continue;
			}
			if (!name.equals("data") || token != JsonToken.START_OBJECT || payload != null) {
				return null;
			}
			payload = readPayload(parser);
			if (payload == null) {
				return null;
			}
		}
		return (parser.nextToken() == null) ? payload : null;
	}

	/**
	 * Reads the browser SDK's encrypted body ({@code data}, {@code tag}, {@code bucket},
	 * {@code site_id}, {@code ua_hash} and {@code encrypted: true}, in any order) into the
	 * object the tree reader would make of it, sparing the tree parse of the long ciphertext.
	 * The decoder's checks of the fields then apply unchanged.
	 * @return the body's fields, or {@code null} when the body has another form or shape
	 */
	static @Nullable ObjectNode readEncryptedBody(byte[] body) {
		try {
			CompactJsonTokens tokens = new CompactJsonTokens(body);
			if (tokens.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			ObjectNode fields = BeaconJson.NODES.objectNode();
			boolean encrypted = false;
			for (String name = tokens.nextName(); name != null; name = tokens.nextName()) {
				JsonToken token = tokens.nextToken();
				switch (name) {
					case "data", "tag", "site_id", "ua_hash" -> require(token == JsonToken.VALUE_STRING);
					case "bucket" -> require(token == JsonToken.VALUE_NUMBER_INT);
					case "encrypted" -> {
						require(token == JsonToken.VALUE_TRUE);
						encrypted = true;
					}
					default -> {
						return null;
					}
				}
				require(!fields.has(name));
				fields.set(name, tokens.readValueAsTree());
			}
			return (encrypted && tokens.nextToken() == null) ? fields : null;
		}
		catch (GiveUp ex) {
			return null;
		}
	}

	/**
	 * Reads a payload object on its own, such as a decrypted plaintext.
	 * @return the payload, or {@code null} to leave it to the tree reader
	 */
	@Nullable BeaconPayload readPayload(byte[] json) {
		try {
			return readWholePayload(new CompactJsonTokens(json));
		}
		catch (GiveUp ex) {
			// read again below
		}
		try (JsonParser parser = BeaconJson.MAPPER.createParser(json)) {
			return readWholePayload(new TokenSource.Jackson(parser));
		}
		catch (JacksonException | GiveUp ex) {
			return null;
		}
	}

	private @Nullable BeaconPayload readWholePayload(TokenSource parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			return null;
		}
		BeaconPayload payload = readPayload(parser);
		return (payload != null && parser.nextToken() == null) ? payload : null;
	}

	private @Nullable BeaconPayload readPayload(TokenSource parser) {
		String assetId = null;
		String sessionId = null;
		String pageUrl = null;
		String entryPage = null;
		String exitPage = null;
		UtmParams utm = null;
		DeviceInfo device = null;
		List<BeaconEvent> events = null;
		Double scrollDepth = null;
		Double timeOnPage = null;
		WireKeys.Recorder keys = new WireKeys.Recorder(WireKeys.PAYLOAD);
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "asset_id" -> assetId = string(parser, token);
				case "session_id" -> sessionId = string(parser, token);
				case "page_url" -> pageUrl = string(parser, token);
				case "entry_page" -> entryPage = url(parser, token);
				case "exit_page" -> exitPage = url(parser, token);
				case "utm_params" -> utm = utmParams(parser, token);
				case "device_info" -> device = deviceInfo(parser, token);
				case "events" -> events = events(parser, token);
				case "scroll_depth" -> scrollDepth = number(parser, token, Range.NON_NEGATIVE);
				case "time_on_page" -> timeOnPage = number(parser, token, Range.NON_NEGATIVE);
				default -> {
					parser.skipChildren();
					continue;
				}
			}
			keys.add(name);
		}
		if (assetId == null || assetId.isBlank() || sessionId == null || !BeaconPayloadReader.isUuid(sessionId)
				|| pageUrl == null || !BeaconPayloadReader.isHttpUrl(pageUrl) || events == null) {
			return null;
		}
		return new BeaconPayload(assetId, sessionId, pageUrl, entryPage, exitPage, utm, device, events, scrollDepth,
				timeOnPage, keys.keys());
	}

	/** A URL as the tree reader accepts one, or null. */
	private static @Nullable String url(TokenSource parser, JsonToken token) {
		String url = string(parser, token);
		require(url == null || BeaconPayloadReader.isHttpUrl(url));
		return url;
	}

	private static @Nullable UtmParams utmParams(TokenSource parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.START_OBJECT);
		Map<String, String> values = new LinkedHashMap<>();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			require(parser.nextToken() == JsonToken.VALUE_STRING);
			values.put(name, parser.getString());
		}
		return new UtmParams(values);
	}

	private static @Nullable DeviceInfo deviceInfo(TokenSource parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.START_OBJECT);
		String userAgent = null;
		String platform = null;
		String os = null;
		Integer width = null;
		Integer height = null;
		String deviceType = null;
		String referrer = null;
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder keys = new WireKeys.Recorder(WireKeys.DEVICE);
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken value = parser.nextToken();
			keys.add(name);
			switch (name) {
				case "user_agent" -> userAgent = string(parser, value);
				case "platform" -> platform = string(parser, value);
				case "os" -> os = string(parser, value);
				case "screen_width" -> width = count(parser, value);
				case "screen_height" -> height = count(parser, value);
				case "device_type" -> deviceType = string(parser, value);
				case "referrer" -> referrer = string(parser, value);
				default -> {
					if (extras.isEmpty()) {
						extras = new LinkedHashMap<>();
					}
					extras.put(name, extra(parser));
				}
			}
		}
		return new DeviceInfo(userAgent, platform, os, width, height, deviceType, referrer, extras,
				keys.keys());
	}

	private List<BeaconEvent> events(TokenSource parser, JsonToken token) {
		require(token == JsonToken.START_ARRAY);
		List<BeaconEvent> events = new ArrayList<>();
		for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
			require(item == JsonToken.START_OBJECT);
			// The SDK writes type first; any other shape is the tree reader's to judge.
			require("type".equals(parser.nextName()) && parser.nextToken() == JsonToken.VALUE_STRING);
			String type = parser.getString();
			require("data".equals(parser.nextName()) && parser.nextToken() == JsonToken.START_OBJECT);
			events.add(event(parser, type));
			require(parser.nextToken() == JsonToken.END_OBJECT);
		}
		return events;
	}

	private static BeaconEvent event(TokenSource parser, String type) {
		EventValues values = new EventValues();
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder keys = new WireKeys.Recorder(canonicalKeys(type));
		for (String field = parser.nextName(); field != null; field = parser.nextName()) {
			JsonToken token = parser.nextToken();
			keys.add(field);
			if (!values.accept(type, field, parser, token)) {
				if (extras.isEmpty()) {
					extras = new LinkedHashMap<>();
				}
				extras.put(field, extra(parser));
			}
		}
		return values.toEvent(type, extras, keys.keys());
	}

	private static List<String> canonicalKeys(String type) {
		return switch (type) {
			case BeaconEvent.PageView.TYPE -> WireKeys.PAGE_VIEW;
			case BeaconEvent.Click.TYPE -> WireKeys.CLICK;
			case BeaconEvent.WebVital.TYPE -> WireKeys.WEB_VITAL;
			case BeaconEvent.Custom.TYPE -> WireKeys.CUSTOM;
			case BeaconEvent.Error.TYPE -> WireKeys.ERROR;
			default -> throw GiveUp.INSTANCE;
		};
	}

	/** An unknown key's value, kept as a tree; one holding a number no writer can write gives up. */
	private static JsonNode extra(TokenSource parser) {
		JsonNode value = parser.readValueAsTree();
		require(BeaconJson.nonFinite(value) == null);
		return value;
	}

	/** The known fields of one event's data, as they are read. */
	private static final class EventValues {

		private @Nullable String location;

		private @Nullable String title;

		private @Nullable String name;

		private @Nullable String id;

		private @Nullable String rating;

		private @Nullable String navigationType;

		private @Nullable String data;

		private @Nullable String message;

		private @Nullable String source;

		private @Nullable Double x;

		private @Nullable Double y;

		private @Nullable Double value;

		private @Nullable Double delta;

		private @Nullable Integer entries;

		private @Nullable Integer lineno;

		private @Nullable Integer colno;

		private @Nullable Double timestamp;

		/** Takes a known field of the type; answers false for an extra. */
		boolean accept(String type, String field, TokenSource parser, JsonToken token) {
			if (field.equals("timestamp")) {
				this.timestamp = number(parser, token, Range.TIMESTAMP);
				return true;
			}
			switch (type) {
				case BeaconEvent.PageView.TYPE:
					switch (field) {
						case "location" -> this.location = url(parser, token);
						case "title" -> this.title = string(parser, token);
						default -> {
							return false;
						}
					}
					return true;
				case BeaconEvent.Click.TYPE:
					switch (field) {
						case "x" -> this.x = number(parser, token, Range.FINITE);
						case "y" -> this.y = number(parser, token, Range.FINITE);
						default -> {
							return false;
						}
					}
					return true;
				case BeaconEvent.WebVital.TYPE:
					switch (field) {
						case "name" -> this.name = string(parser, token);
						case "value" -> this.value = number(parser, token, Range.FINITE);
						case "id" -> this.id = string(parser, token);
						case "rating" -> this.rating = string(parser, token);
						case "delta" -> this.delta = number(parser, token, Range.FINITE);
						case "entries" -> this.entries = count(parser, token);
						case "navigation_type" -> this.navigationType = string(parser, token);
						default -> {
							return false;
						}
					}
					return true;
				case BeaconEvent.Custom.TYPE:
					switch (field) {
						case "name" -> this.name = string(parser, token);
						case "data" -> this.data = string(parser, token);
						default -> {
							return false;
						}
					}
					return true;
				case BeaconEvent.Error.TYPE:
					switch (field) {
						case "message" -> this.message = string(parser, token);
						case "source" -> this.source = string(parser, token);
						case "lineno" -> this.lineno = count(parser, token);
						case "colno" -> this.colno = count(parser, token);
						default -> {
							return false;
						}
					}
					return true;
				default:
					throw GiveUp.INSTANCE;
			}
		}

		BeaconEvent toEvent(String type, Map<String, JsonNode> extras, List<String> keys) {
			Double at = present(this.timestamp);
			return switch (type) {
				case BeaconEvent.PageView.TYPE -> new BeaconEvent.PageView(present(this.location), this.title, at, extras,
						keys);
				case BeaconEvent.Click.TYPE -> new BeaconEvent.Click(present(this.x), present(this.y), at, extras,
						keys);
				case BeaconEvent.WebVital.TYPE -> new BeaconEvent.WebVital(
						present(BeaconEvent.WebVital.Metric.fromWireName(present(this.name))), present(this.value),
						this.id, (this.rating != null) ? present(BeaconEvent.WebVital.Rating.fromWireName(this.rating))
								: null,
						this.delta, this.entries, this.navigationType, at, extras, keys);
				case BeaconEvent.Custom.TYPE -> new BeaconEvent.Custom(present(this.name), checked(this.data), at, extras,
						keys);
				default -> new BeaconEvent.Error(present(this.message), this.source, this.lineno, this.colno, at, extras,
						keys);
			};
		}

	}

	/** A custom event's data string the tree reader would take. */
	private static @Nullable String checked(@Nullable String json) {
		require(json == null || CompactJsonTokens.isCompactJson(json) || CustomData.problem(json) == null);
		return json;
	}

	/** A string or null; anything else gives up. */
	private static @Nullable String string(TokenSource parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.VALUE_STRING);
		return parser.getString();
	}

	/** A number in range, or null; big numbers are left to the tree reader. */
	private static @Nullable Double number(TokenSource parser, JsonToken token, Range range) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
				&& parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
				&& parser.getNumberType() != JsonParser.NumberType.BIG_DECIMAL);
		// + 0.0 reads -0 as 0, as the tree reader does.
		double value = parser.getDoubleValue() + 0.0;
		require(range.contains(value));
		return value;
	}

	/** A whole number from 0 to {@code Integer.MAX_VALUE}, or null. */
	private static @Nullable Integer count(TokenSource parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT);
		int value = parser.getIntValue();
		require(value >= 0);
		return value;
	}

	private static <T> T present(@Nullable T value) {
		require(value != null);
		return value;
	}

	private static void require(boolean condition) {
		if (!condition) {
			throw GiveUp.INSTANCE;
		}
	}

	/** Leaves the input to the tree reader; preallocated, as it carries nothing. */
	static final class GiveUp extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final GiveUp INSTANCE = new GiveUp();

		private GiveUp() {
			super(null, null, false, false);
		}

	}

}
