package io.unisights.beacon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.unisights.beacon.WireKeys.PayloadKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The fast reader, the one path of a beacon as the browser SDK writes it: every key present
 * and in the SDK's order ({@link WireKeys}), no whitespace, each value of the kind the SDK
 * writes there. Where a token reader would find a token, decide what it is and look up what
 * it means, this reader compares the bytes with the ones the SDK writes next (a key with the
 * comma before it, an event's type with the keys around it) and reads the value it knows
 * comes there. The objects whose key order the SDK leaves to a map ({@code utm_params},
 * {@code device_info}) are read token by token ({@link CompactJsonTokens}), in any order.
 * <p>
 * It only ever succeeds or gives up: at the first byte that departs from that layout, or a
 * value its checks refuse, it answers {@code null} and the decoder reads the same bytes with
 * the tree reader ({@link BeaconPayloadReader}), the judge of validity, which names the
 * field at fault. What it accepts it maps to exactly the records the tree reader builds,
 * which its tests hold it to. (A token reader over the whole payload, in any layout, was
 * measured against this one and removed: it cost 6–16 µs more per 100-event beacon, and a
 * body the SDK did not write is rare enough for the tree reader.)
 */
final class SdkLayoutReader extends CompactJsonBytes {

	// Slots of values that repeat within a batch, one per kind and check (CompactJsonBytes#text(int)).

	static final int URL = 0;

	static final int TITLE = 1;

	static final int NAME = 2;

	static final int DATA = 3;

	static final int MESSAGE = 4;

	static final int SOURCE = 5;

	private static final Literal PLAIN_FIRST = new Literal("{\"encrypted\":false,\"data\":");

	private static final Literal DATA_FIRST = new Literal("{\"data\":");

	private static final Literal PLAIN_LAST = new Literal(",\"encrypted\":false}");

	private static final Literal ASSET_ID = KeyLiterals.first("", PayloadKey.ASSET_ID);

	private static final KeyLiterals<PayloadKey> KEYS = new KeyLiterals<>(WireKeys.PAYLOAD);

	private static final Literal EVENTS = new Literal(",\"" + PayloadKey.EVENTS.wireName() + "\":[");

	private SdkLayoutReader(byte[] in) {
		super(in, 0);
	}

	/**
	 * Reads a plain body ({@code data} first, as the SDK writes it, or {@code encrypted}
	 * first), or a payload object on its own, such as a decrypted plaintext.
	 * @return the payload, or {@code null} to leave the JSON to the tree reader
	 */
	static @Nullable BeaconPayload read(byte[] json, BeaconSource.Form form) {
		try {
			SdkLayoutReader reader = new SdkLayoutReader(json);
			BeaconPayload payload;
			if (form == BeaconSource.Form.PLAINTEXT) {
				payload = reader.payload();
			}
			else if (reader.skip(PLAIN_FIRST)) {
				payload = reader.payload();
				reader.expect('}');
			}
			else {
				reader.expect(DATA_FIRST);
				payload = reader.payload();
				reader.expect(PLAIN_LAST);
			}
			require(reader.pos == reader.end);
			return payload;
		}
		catch (GiveUp ex) {
			return null;
		}
	}

	private BeaconPayload payload() {
		expect(ASSET_ID);
		String assetId = string();
		expect(KEYS.of(PayloadKey.SESSION_ID));
		String sessionId = string();
		expect(KEYS.of(PayloadKey.PAGE_URL));
		String pageUrl = url();
		expect(KEYS.of(PayloadKey.ENTRY_PAGE));
		String entryPage = urlOrNull();
		expect(KEYS.of(PayloadKey.EXIT_PAGE));
		String exitPage = urlOrNull();
		expect(KEYS.of(PayloadKey.UTM_PARAMS));
		UtmParams utm = utmParams();
		expect(KEYS.of(PayloadKey.DEVICE_INFO));
		DeviceInfo device = deviceInfo();
		expect(EVENTS);
		List<BeaconEvent> events = SdkLayoutEvents.events(this);
		expect(KEYS.of(PayloadKey.SCROLL_DEPTH));
		Double scrollDepth = numberOrNull(NumberRange.NON_NEGATIVE);
		expect(KEYS.of(PayloadKey.TIME_ON_PAGE));
		Double timeOnPage = numberOrNull(NumberRange.NON_NEGATIVE);
		expect('}');
		require(!assetId.isBlank() && TreeValues.isUuid(sessionId));
		return new BeaconPayload(assetId, sessionId, pageUrl, entryPage, exitPage, utm, device, events, scrollDepth,
				timeOnPage, WireKeys.PAYLOAD.names());
	}

	private @Nullable UtmParams utmParams() {
		CompactJsonTokens tokens = new CompactJsonTokens(this.in, this.pos);
		JsonToken token = tokens.nextToken();
		UtmParams utm = null;
		if (token != JsonToken.VALUE_NULL) {
			require(token == JsonToken.START_OBJECT);
			Map<String, String> values = new LinkedHashMap<>();
			for (String name = tokens.nextName(); name != null; name = tokens.nextName()) {
				require(tokens.nextToken() == JsonToken.VALUE_STRING);
				values.put(name, tokens.getString());
			}
			utm = new UtmParams(values);
		}
		this.pos = tokens.position();
		return utm;
	}

	private @Nullable DeviceInfo deviceInfo() {
		CompactJsonTokens tokens = new CompactJsonTokens(this.in, this.pos);
		JsonToken token = tokens.nextToken();
		if (token == JsonToken.VALUE_NULL) {
			this.pos = tokens.position();
			return null;
		}
		require(token == JsonToken.START_OBJECT);
		DeviceFields fields = new DeviceFields();
		Map<String, JsonNode> extras = Map.of();
		WireKeys.Recorder keys = new WireKeys.Recorder(WireKeys.DEVICE);
		for (String name = tokens.nextName(); name != null; name = tokens.nextName()) {
			JsonToken value = tokens.nextToken();
			keys.add(name);
			WireKeys.DeviceKey key = WireKeys.DEVICE.key(name);
			if (key == null) {
				extras = extra(extras, name, tokens);
			}
			else if (key.isCount()) {
				fields.count(key, count(tokens, value));
			}
			else {
				fields.text(key, string(tokens, value));
			}
		}
		this.pos = tokens.position();
		return fields.build(extras, keys.keys());
	}

	/** An unknown key's scalar value, kept as a tree; one holding a number no writer can write gives up. */
	private static Map<String, JsonNode> extra(Map<String, JsonNode> extras, String name, CompactJsonTokens tokens) {
		Map<String, JsonNode> into = extras.isEmpty() ? new LinkedHashMap<>() : extras;
		JsonNode value = tokens.readValueAsTree();
		require(BeaconJson.nonFinite(value) == null);
		into.put(name, value);
		return into;
	}

	private static @Nullable String string(CompactJsonTokens tokens, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.VALUE_STRING);
		return tokens.getString();
	}

	/** A whole number from 0 to {@code Integer.MAX_VALUE}, or null. */
	private static @Nullable Integer count(CompactJsonTokens tokens, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		require(token == JsonToken.VALUE_NUMBER_INT && tokens.getNumberType() == JsonParser.NumberType.INT);
		int value = tokens.getIntValue();
		require(value >= 0);
		return value;
	}

	// The reads of one value where the layout puts it, for the payload and its events.

	/** The string whose opening quote is at the position. */
	String string() {
		require(this.pos < this.end && this.in[this.pos] == '"');
		readString();
		return text();
	}

	/** As {@link #string()}, answering a repeat of the slot's last value with that value. */
	String string(int slot) {
		require(this.pos < this.end && this.in[this.pos] == '"');
		readString();
		return text(slot);
	}

	/**
	 * A URL as the tree reader accepts one: a repeat was checked when first read (or the
	 * batch was given up).
	 */
	String url() {
		String url = string(URL);
		require(this.repeat || WebUrl.isHttp(url, this.textPrintable));
		return url;
	}

	@Nullable String urlOrNull() {
		return skipNull() ? null : url();
	}

	@Nullable String stringOrNull() {
		return skipNull() ? null : string();
	}

	@Nullable String stringOrNull(int slot) {
		return skipNull() ? null : string(slot);
	}

	/**
	 * A custom event's data string as the tree reader takes it, or null: a repeat in the
	 * slot was checked when first read, or the batch was given up.
	 */
	@Nullable String customDataOrNull() {
		String data = stringOrNull(DATA);
		require(data == null || this.repeat || CustomData.isCompactJson(data) || CustomData.problem(data) == null);
		return data;
	}

	/** A number in range, as the tree reader keeps it ({@code -0} as 0); null, like anything else, gives up. */
	double number(NumberRange range) {
		readNumber();
		double value = numberValue() + 0.0;
		require(range.contains(value));
		return value;
	}

	@Nullable Double numberOrNull(NumberRange range) {
		return skipNull() ? null : number(range);
	}

	/** A whole number from 0 to {@code Integer.MAX_VALUE}, or null. */
	@Nullable Integer countOrNull() {
		if (skipNull()) {
			return null;
		}
		require(readNumber() && this.integer >= 0 && this.integer <= Integer.MAX_VALUE);
		return (int) this.integer;
	}

	private boolean skipNull() {
		if (this.pos < this.end && this.in[this.pos] == 'n') {
			literal(4, NULL);
			return true;
		}
		return false;
	}

	boolean skip(Literal literal) {
		if (literal.isAt(this.in, this.pos, this.end)) {
			this.pos += literal.bytes.length;
			return true;
		}
		return false;
	}

	void expect(Literal literal) {
		require(skip(literal));
	}

	boolean skip(char c) {
		if (this.pos < this.end && this.in[this.pos] == c) {
			this.pos++;
			return true;
		}
		return false;
	}

	void expect(char c) {
		require(skip(c));
	}

	/** The byte {@code offset} bytes on, or 0 past the end. */
	byte peek(int offset) {
		return (this.end - this.pos > offset) ? this.in[this.pos + offset] : 0;
	}

}
