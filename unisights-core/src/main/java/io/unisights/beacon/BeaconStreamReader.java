package io.unisights.beacon;

import java.nio.ByteBuffer;
import java.util.Arrays;
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
 * A body laid out exactly as the SDK writes it is read by {@link SdkLayoutReader} first,
 * which expects each key and value where the SDK puts them. Otherwise the tokens come from
 * {@link CompactJsonTokens}, which reads JSON as the SDK writes it straight from the bytes
 * in any order, or, where that gives up, from Jackson's parser: one mapping over either
 * {@link TokenSource}.
 */
final class BeaconStreamReader {

	// Slots of values that repeat within a batch, one per kind and check (TokenSource#getString(int)).

	static final int URL = 0;

	static final int TITLE = 1;

	static final int NAME = 2;

	static final int DATA = 3;

	static final int MESSAGE = 4;

	static final int SOURCE = 5;

	private static final CompactJsonTokens.Key TYPE_KEY = new CompactJsonTokens.Key("type");

	private static final CompactJsonTokens.Key DATA_KEY = new CompactJsonTokens.Key("data");

	private static final Shape PAYLOAD = new Shape(WireKeys.PAYLOAD);

	private static final Shape DEVICE = new Shape(WireKeys.DEVICE);

	private static final Shape PAGE_VIEW = new Shape(WireKeys.PAGE_VIEW);

	private static final Shape CLICK = new Shape(WireKeys.CLICK);

	private static final Shape WEB_VITAL = new Shape(WireKeys.WEB_VITAL);

	private static final Shape CUSTOM = new Shape(WireKeys.CUSTOM);

	private static final Shape ERROR = new Shape(WireKeys.ERROR);

	/**
	 * Reads a plain body ({@code {"encrypted": false, "data": {...}}}).
	 * @return the payload, or {@code null} to leave the body to the tree reader
	 */
	@Nullable BeaconPayload readPlainBody(byte[] body) {
		// The SDK's own layout first; then the compact reader, which takes what the SDK
		// writes in any order; where it gives up, Jackson's parser reads the bytes. Where
		// either answered, Jackson's tokens would be the same, and so the answer.
		try {
			return SdkLayoutReader.readPlainBody(body);
		}
		catch (GiveUp ex) {
			// read again below
		}
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
	 * object the tree reader would make of it, less the long ciphertext, which stays where it
	 * is in the body: the tree parse, a string of it and a copy of that are spared. The
	 * decoder's checks of the fields then apply unchanged.
	 * @return the body's fields, or {@code null} when the body has another form or shape
	 */
	static @Nullable SdkEnvelope readEncryptedBody(byte[] body) {
		try {
			CompactJsonTokens tokens = new CompactJsonTokens(body);
			if (tokens.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			ObjectNode fields = BeaconJson.NODES.objectNode();
			int ciphertextStart = -1;
			int ciphertextEnd = -1;
			boolean encrypted = false;
			for (String name = tokens.nextName(); name != null; name = tokens.nextName()) {
				JsonToken token = tokens.nextToken();
				switch (name) {
					case "data" -> {
						// Base64 needs no escape: one is left to the tree reader.
						require(token == JsonToken.VALUE_STRING && ciphertextStart < 0 && !tokens.textEscaped);
						ciphertextStart = tokens.textStart;
						ciphertextEnd = tokens.textEnd;
						continue;
					}
					case "tag", "site_id", "ua_hash" -> require(token == JsonToken.VALUE_STRING);
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
			return (encrypted && ciphertextStart >= 0 && tokens.nextToken() == null)
					? new SdkEnvelope(fields, ByteBuffer.wrap(body, ciphertextStart, ciphertextEnd - ciphertextStart))
					: null;
		}
		catch (GiveUp ex) {
			return null;
		}
	}

	/**
	 * The SDK's encrypted body as {@link #readEncryptedBody} read it.
	 * @param fields every field but the ciphertext, as the tree reader reads them
	 * @param ciphertext the base64 text of the ciphertext, where it is in the body
	 */
	record SdkEnvelope(ObjectNode fields, ByteBuffer ciphertext) {
	}

	/**
	 * Reads a payload object on its own, such as a decrypted plaintext.
	 * @return the payload, or {@code null} to leave it to the tree reader
	 */
	@Nullable BeaconPayload readPayload(byte[] json) {
		try {
			return SdkLayoutReader.readPayload(json);
		}
		catch (GiveUp ex) {
			// read again below
		}
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
		int index = 0;
		for (String name = parser.nextName(PAYLOAD.likely(index)); name != null; name = parser
			.nextName(PAYLOAD.likely(++index))) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "asset_id" -> assetId = string(parser, token);
				case "session_id" -> sessionId = string(parser, token);
				case "page_url" -> pageUrl = url(parser, token);
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
				|| pageUrl == null || events == null) {
			return null;
		}
		return new BeaconPayload(assetId, sessionId, pageUrl, entryPage, exitPage, utm, device, events, scrollDepth,
				timeOnPage, keys.keys());
	}

	/** A URL as the tree reader accepts one, or null. */
	private static @Nullable String url(TokenSource parser, JsonToken token) {
		String url = string(parser, token, URL);
		require(url == null || isUrl(url, parser.isRepeat(), parser.isPrintableAscii()));
		return url;
	}

	/**
	 * Whether a URL read in the {@link #URL} slot is one the tree reader accepts; the one
	 * rule of both fast readers. A repeat was checked when it was first read (or the batch
	 * was given up).
	 */
	static boolean isUrl(String url, boolean repeat, boolean printableAscii) {
		return repeat || WebUrl.isHttp(url, printableAscii);
	}

	static @Nullable UtmParams utmParams(TokenSource parser, JsonToken token) {
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

	static @Nullable DeviceInfo deviceInfo(TokenSource parser, JsonToken token) {
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
		int index = 0;
		for (String name = parser.nextName(DEVICE.likely(index)); name != null; name = parser
			.nextName(DEVICE.likely(++index))) {
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
				default -> extras = extra(extras, name, parser);
			}
		}
		return new DeviceInfo(userAgent, platform, os, width, height, deviceType, referrer, extras,
				keys.keys());
	}

	private List<BeaconEvent> events(TokenSource parser, JsonToken token) {
		require(token == JsonToken.START_ARRAY);
		// An array grown by doubling and copied once into the list the payload keeps: an
		// ArrayList grows in smaller steps and List.copyOf copies it twice more.
		BeaconEvent[] events = new BeaconEvent[16];
		int count = 0;
		for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
			require(item == JsonToken.START_OBJECT);
			// The SDK writes type first; any other shape is the tree reader's to judge.
			require("type".equals(parser.nextName(TYPE_KEY)) && parser.nextToken() == JsonToken.VALUE_STRING);
			String type = parser.getString();
			require("data".equals(parser.nextName(DATA_KEY)) && parser.nextToken() == JsonToken.START_OBJECT);
			BeaconEvent event = switch (type) {
				case BeaconEvent.PageView.TYPE -> pageView(parser);
				case BeaconEvent.Click.TYPE -> click(parser);
				case BeaconEvent.WebVital.TYPE -> webVital(parser);
				case BeaconEvent.Custom.TYPE -> custom(parser);
				case BeaconEvent.Error.TYPE -> error(parser);
				default -> throw GiveUp.INSTANCE;
			};
			require(parser.nextToken() == JsonToken.END_OBJECT);
			if (count == events.length) {
				events = Arrays.copyOf(events, count * 2);
			}
			events[count++] = event;
		}
		return List.of((count == events.length) ? events : Arrays.copyOf(events, count));
	}

	// One method per type, its fields in locals: an event costs its record and its values, no
	// holder object, and each key is first looked for where the SDK puts it.

	private static BeaconEvent pageView(TokenSource parser) {
		String location = null;
		String title = null;
		Double timestamp = null;
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder departed = null;
		int index = 0;
		for (String field = parser.nextName(PAGE_VIEW.likely(index)); field != null; field = parser
			.nextName(PAGE_VIEW.likely(++index))) {
			departed = PAGE_VIEW.track(departed, index, field);
			JsonToken token = parser.nextToken();
			switch (field) {
				case "location" -> location = url(parser, token);
				case "title" -> title = string(parser, token, TITLE);
				case "timestamp" -> timestamp = number(parser, token, Range.TIMESTAMP);
				default -> extras = extra(extras, field, parser);
			}
		}
		return new BeaconEvent.PageView(present(location), title, present(timestamp), extras,
				PAGE_VIEW.keys(departed, index));
	}

	private static BeaconEvent click(TokenSource parser) {
		double x = Double.NaN;
		double y = Double.NaN;
		Double timestamp = null;
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder departed = null;
		int index = 0;
		for (String field = parser.nextName(CLICK.likely(index)); field != null; field = parser
			.nextName(CLICK.likely(++index))) {
			departed = CLICK.track(departed, index, field);
			JsonToken token = parser.nextToken();
			switch (field) {
				case "x" -> x = finite(parser, token);
				case "y" -> y = finite(parser, token);
				case "timestamp" -> timestamp = number(parser, token, Range.TIMESTAMP);
				default -> extras = extra(extras, field, parser);
			}
		}
		require(!Double.isNaN(x) && !Double.isNaN(y));
		return new BeaconEvent.Click(x, y, present(timestamp), extras, CLICK.keys(departed, index));
	}

	private static BeaconEvent webVital(TokenSource parser) {
		String name = null;
		double value = Double.NaN;
		String id = null;
		String rating = null;
		Double delta = null;
		Integer entries = null;
		String navigationType = null;
		Double timestamp = null;
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder departed = null;
		int index = 0;
		for (String field = parser.nextName(WEB_VITAL.likely(index)); field != null; field = parser
			.nextName(WEB_VITAL.likely(++index))) {
			departed = WEB_VITAL.track(departed, index, field);
			JsonToken token = parser.nextToken();
			switch (field) {
				case "name" -> name = string(parser, token);
				case "value" -> value = finite(parser, token);
				case "id" -> id = string(parser, token);
				case "rating" -> rating = string(parser, token);
				case "delta" -> delta = number(parser, token, Range.FINITE);
				case "entries" -> entries = count(parser, token);
				case "navigation_type" -> navigationType = string(parser, token);
				case "timestamp" -> timestamp = number(parser, token, Range.TIMESTAMP);
				default -> extras = extra(extras, field, parser);
			}
		}
		require(!Double.isNaN(value));
		return new BeaconEvent.WebVital(present(BeaconEvent.WebVital.Metric.fromWireName(present(name))), value, id,
				(rating != null) ? present(BeaconEvent.WebVital.Rating.fromWireName(rating)) : null, delta, entries,
				navigationType, present(timestamp), extras, WEB_VITAL.keys(departed, index));
	}

	private static BeaconEvent custom(TokenSource parser) {
		String name = null;
		String data = null;
		Double timestamp = null;
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder departed = null;
		int index = 0;
		for (String field = parser.nextName(CUSTOM.likely(index)); field != null; field = parser
			.nextName(CUSTOM.likely(++index))) {
			departed = CUSTOM.track(departed, index, field);
			JsonToken token = parser.nextToken();
			switch (field) {
				case "name" -> name = string(parser, token, NAME);
				case "data" -> data = customData(parser, token);
				case "timestamp" -> timestamp = number(parser, token, Range.TIMESTAMP);
				default -> extras = extra(extras, field, parser);
			}
		}
		return new BeaconEvent.Custom(present(name), data, present(timestamp), extras,
				CUSTOM.keys(departed, index));
	}

	private static BeaconEvent error(TokenSource parser) {
		String message = null;
		String source = null;
		Integer lineno = null;
		Integer colno = null;
		Double timestamp = null;
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder departed = null;
		int index = 0;
		for (String field = parser.nextName(ERROR.likely(index)); field != null; field = parser
			.nextName(ERROR.likely(++index))) {
			departed = ERROR.track(departed, index, field);
			JsonToken token = parser.nextToken();
			switch (field) {
				case "message" -> message = string(parser, token, MESSAGE);
				case "source" -> source = string(parser, token, SOURCE);
				case "lineno" -> lineno = count(parser, token);
				case "colno" -> colno = count(parser, token);
				case "timestamp" -> timestamp = number(parser, token, Range.TIMESTAMP);
				default -> extras = extra(extras, field, parser);
			}
		}
		return new BeaconEvent.Error(present(message), source, lineno, colno, present(timestamp), extras,
				ERROR.keys(departed, index));
	}

	/** An unknown key's value, kept as a tree; one holding a number no writer can write gives up. */
	private static Map<String, JsonNode> extra(Map<String, JsonNode> extras, String field, TokenSource parser) {
		Map<String, JsonNode> into = extras.isEmpty() ? new LinkedHashMap<>() : extras;
		JsonNode value = parser.readValueAsTree();
		require(BeaconJson.nonFinite(value) == null);
		into.put(field, value);
		return into;
	}

	/**
	 * The keys of one object in the SDK's order, as the {@code List} the records keep and as
	 * the prepared bytes the compact reader looks for first.
	 */
	private static final class Shape {

		private final List<String> keys;

		private final CompactJsonTokens.Key[] likely;

		Shape(List<String> keys) {
			this.keys = keys;
			this.likely = CompactJsonTokens.keys(keys);
		}

		/** The key the SDK writes at this position (past the last one: the last one). */
		CompactJsonTokens.Key likely(int index) {
			return this.likely[Math.min(index, this.likely.length - 1)];
		}

		/**
		 * Follows the keys as they come: nothing is recorded while the key at each position
		 * is the SDK's; from the first that is not, a recorder takes them all.
		 * @return the recorder once the keys departed from the SDK's order, else {@code null}
		 */
		WireKeys.@Nullable Recorder track(WireKeys.@Nullable Recorder departed, int index, String field) {
			WireKeys.Recorder recorder = departed;
			if (recorder == null) {
				if (index < this.likely.length && this.likely[index].name.equals(field)) {
					return null;
				}
				recorder = replay(index);
			}
			recorder.add(field);
			return recorder;
		}

		/** The keys of an object of {@code count} keys that {@link #track} followed. */
		List<String> keys(WireKeys.@Nullable Recorder departed, int count) {
			if (departed != null) {
				return departed.keys();
			}
			return (count == this.keys.size()) ? this.keys : replay(count).keys();
		}

		private WireKeys.Recorder replay(int count) {
			WireKeys.Recorder recorder = new WireKeys.Recorder(this.keys);
			for (int i = 0; i < count; i++) {
				recorder.add(this.keys.get(i));
			}
			return recorder;
		}

	}

	/**
	 * A custom event's data string the tree reader would take, checked as it is read: a
	 * repeat in the slot was checked when first read, or the batch was given up.
	 */
	private static @Nullable String customData(TokenSource parser, JsonToken token) {
		String json = string(parser, token, DATA);
		require(json == null || isCustomData(json, parser.isRepeat()));
		return json;
	}

	/**
	 * Whether a custom event's data string read in the {@link #DATA} slot is one the tree
	 * reader accepts; the one rule of both fast readers.
	 */
	static boolean isCustomData(String json, boolean repeat) {
		return repeat || CompactJsonTokens.isCompactJson(json) || CustomData.problem(json) == null;
	}

	/** A string or null; anything else gives up. */
	private static @Nullable String string(TokenSource parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.VALUE_STRING);
		return parser.getString();
	}

	/** A string or null, which may repeat the last one read in the slot. */
	private static @Nullable String string(TokenSource parser, JsonToken token, int slot) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.VALUE_STRING);
		return parser.getString(slot);
	}

	/** A number in range, or null; big numbers are left to the tree reader. */
	private static @Nullable Double number(TokenSource parser, JsonToken token, Range range) {
		return (token == JsonToken.VALUE_NULL) ? null : value(parser, token, range);
	}

	/** A finite number, where the record holds a {@code double}: null gives up as absence would. */
	private static double finite(TokenSource parser, JsonToken token) {
		return value(parser, token, Range.FINITE);
	}

	/** A number in range; anything else, null included, gives up. */
	private static double value(TokenSource parser, JsonToken token, Range range) {
		require((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
				&& parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
				&& parser.getNumberType() != JsonParser.NumberType.BIG_DECIMAL);
		return inRange(parser.getDoubleValue(), range);
	}

	/** A number as the tree reader keeps it, when in range; else gives up. Both fast readers' rule. */
	static double inRange(double number, Range range) {
		// + 0.0 reads -0 as 0, as the tree reader does.
		double value = number + 0.0;
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
