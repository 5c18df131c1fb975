package io.unisights.beacon;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.unisights.beacon.BeaconPayloadReader.Range;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonToken;

/**
 * The fastest path of decoding: reads a payload laid out byte for byte as the browser SDK
 * writes it, every key present and in the SDK's order ({@link WireKeys}), no whitespace,
 * each value of the kind the SDK writes there. Where a token reader would find a token,
 * decide what it is and look up what it means, this reader compares the bytes with the
 * ones the SDK writes next (a key with the comma before it, an event's type with the keys
 * around it) and reads the value it knows comes there.
 * <p>
 * It only ever succeeds or gives up: at the first byte that departs from that layout, or a
 * value its checks refuse, it gives up and {@link BeaconStreamReader} reads the same bytes
 * token by token. The objects whose key order the SDK leaves to a map ({@code utm_params},
 * {@code device_info}) are read by that reader's own mapping, from where they start. What it
 * accepts it maps to exactly the records the token reader maps it to, which its tests hold
 * it to, and so to what the tree reader, the judge of validity, builds.
 */
final class SdkLayoutReader extends CompactJsonBytes {

	private static final Literal PLAIN_FIRST = new Literal("{\"encrypted\":false,\"data\":");

	private static final Literal DATA_FIRST = new Literal("{\"data\":");

	private static final Literal PLAIN_LAST = new Literal(",\"encrypted\":false}");

	private static final Literal ASSET_ID = new Literal("{\"asset_id\":\"");

	private static final Literal SESSION_ID = new Literal(",\"session_id\":\"");

	private static final Literal PAGE_URL = new Literal(",\"page_url\":\"");

	private static final Literal ENTRY_PAGE = new Literal(",\"entry_page\":");

	private static final Literal EXIT_PAGE = new Literal(",\"exit_page\":");

	private static final Literal UTM_PARAMS = new Literal(",\"utm_params\":");

	private static final Literal DEVICE_INFO = new Literal(",\"device_info\":");

	private static final Literal EVENTS = new Literal(",\"events\":[");

	private static final Literal SCROLL_DEPTH = new Literal(",\"scroll_depth\":");

	private static final Literal TIME_ON_PAGE = new Literal(",\"time_on_page\":");

	// Each event up to its first value, and the keys between its values.

	private static final Literal PAGE_VIEW = new Literal("{\"type\":\"page_view\",\"data\":{\"location\":\"");

	private static final Literal TITLE = new Literal(",\"title\":");

	private static final Literal CLICK = new Literal("{\"type\":\"click\",\"data\":{\"x\":");

	private static final Literal Y = new Literal(",\"y\":");

	private static final Literal WEB_VITAL = new Literal("{\"type\":\"web_vital\",\"data\":{\"name\":\"");

	private static final Literal VALUE = new Literal(",\"value\":");

	private static final Literal ID = new Literal(",\"id\":");

	private static final Literal RATING = new Literal(",\"rating\":");

	private static final Literal DELTA = new Literal(",\"delta\":");

	private static final Literal ENTRIES = new Literal(",\"entries\":");

	private static final Literal NAVIGATION_TYPE = new Literal(",\"navigation_type\":");

	private static final Literal CUSTOM = new Literal("{\"type\":\"custom\",\"data\":{\"name\":\"");

	private static final Literal DATA = new Literal(",\"data\":");

	private static final Literal ERROR = new Literal("{\"type\":\"error\",\"data\":{\"message\":\"");

	private static final Literal SOURCE = new Literal(",\"source\":");

	private static final Literal LINENO = new Literal(",\"lineno\":");

	private static final Literal COLNO = new Literal(",\"colno\":");

	private static final Literal TIMESTAMP = new Literal(",\"timestamp\":");

	/** Where {@code "type":"} leaves the byte that tells the event types apart. */
	private static final int TYPE_AT = "{\"type\":\"".length();

	private SdkLayoutReader(byte[] in) {
		super(in, 0);
	}

	/**
	 * Reads a plain body, {@code data} first (as the SDK writes it) or {@code encrypted}
	 * first.
	 * @throws BeaconStreamReader.GiveUp where the body departs from the SDK's layout
	 */
	static BeaconPayload readPlainBody(byte[] body) {
		SdkLayoutReader reader = new SdkLayoutReader(body);
		BeaconPayload payload;
		if (reader.skip(PLAIN_FIRST)) {
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

	/**
	 * Reads a payload object on its own, such as a decrypted plaintext.
	 * @throws BeaconStreamReader.GiveUp where it departs from the SDK's layout
	 */
	static BeaconPayload readPayload(byte[] json) {
		SdkLayoutReader reader = new SdkLayoutReader(json);
		BeaconPayload payload = reader.payload();
		require(reader.pos == reader.end);
		return payload;
	}

	private BeaconPayload payload() {
		// Where the SDK always writes a string, the literal takes its opening quote too.
		expect(ASSET_ID);
		String assetId = string();
		expect(SESSION_ID);
		String sessionId = string();
		expect(PAGE_URL);
		String pageUrl = url();
		expect(ENTRY_PAGE);
		String entryPage = urlOrNull();
		expect(EXIT_PAGE);
		String exitPage = urlOrNull();
		expect(UTM_PARAMS);
		UtmParams utm = mapped(BeaconStreamReader::utmParams);
		expect(DEVICE_INFO);
		DeviceInfo device = mapped(BeaconStreamReader::deviceInfo);
		expect(EVENTS);
		List<BeaconEvent> events = events();
		expect(SCROLL_DEPTH);
		Double scrollDepth = numberOrNull(Range.NON_NEGATIVE);
		expect(TIME_ON_PAGE);
		Double timeOnPage = numberOrNull(Range.NON_NEGATIVE);
		expect('}');
		require(!assetId.isBlank() && BeaconPayloadReader.isUuid(sessionId));
		return new BeaconPayload(assetId, sessionId, pageUrl, entryPage, exitPage, utm, device, events, scrollDepth,
				timeOnPage, WireKeys.PAYLOAD);
	}

	/**
	 * The value at the position, an object whose keys come in no fixed order, read by the
	 * token reader's own mapping; the position moves past it.
	 */
	private <T> @Nullable T mapped(Mapping<T> mapping) {
		CompactJsonTokens tokens = new CompactJsonTokens(this.in, this.pos);
		JsonToken first = tokens.nextToken();
		require(first != null);
		T value = mapping.map(tokens, first);
		this.pos = tokens.position();
		return value;
	}

	/** One of {@link BeaconStreamReader}'s mappings of a value from its first token. */
	@FunctionalInterface
	private interface Mapping<T> {

		@Nullable T map(TokenSource tokens, JsonToken first);

	}

	private List<BeaconEvent> events() {
		if (skip(']')) {
			return List.of();
		}
		BeaconEvent[] events = new BeaconEvent[16];
		int count = 0;
		do {
			require(this.end - this.pos > TYPE_AT);
			BeaconEvent event = switch (this.in[this.pos + TYPE_AT]) {
				case 'p' -> pageView();
				case 'c' -> (this.in[this.pos + TYPE_AT + 1] == 'l') ? click() : custom();
				case 'w' -> webVital();
				case 'e' -> error();
				default -> throw giveUp();
			};
			expect('}');
			expect('}');
			if (count == events.length) {
				events = Arrays.copyOf(events, count * 2);
			}
			events[count++] = event;
		}
		while (skip(','));
		expect(']');
		return List.of((count == events.length) ? events : Arrays.copyOf(events, count));
	}

	private BeaconEvent pageView() {
		expect(PAGE_VIEW);
		String location = url();
		expect(TITLE);
		String title = stringOrNull(BeaconStreamReader.TITLE);
		expect(TIMESTAMP);
		double timestamp = number(Range.TIMESTAMP);
		return new BeaconEvent.PageView(location, title, timestamp, Map.of(), WireKeys.PAGE_VIEW);
	}

	private BeaconEvent click() {
		expect(CLICK);
		double x = number(Range.FINITE);
		expect(Y);
		double y = number(Range.FINITE);
		expect(TIMESTAMP);
		double timestamp = number(Range.TIMESTAMP);
		return new BeaconEvent.Click(x, y, timestamp, Map.of(), WireKeys.CLICK);
	}

	private BeaconEvent webVital() {
		expect(WEB_VITAL);
		BeaconEvent.WebVital.Metric metric = BeaconEvent.WebVital.Metric.fromWireName(string());
		require(metric != null);
		expect(VALUE);
		double value = number(Range.FINITE);
		expect(ID);
		String id = stringOrNull();
		expect(RATING);
		String ratingName = stringOrNull();
		BeaconEvent.WebVital.Rating rating = null;
		if (ratingName != null) {
			rating = BeaconEvent.WebVital.Rating.fromWireName(ratingName);
			require(rating != null);
		}
		expect(DELTA);
		Double delta = numberOrNull(Range.FINITE);
		expect(ENTRIES);
		Integer entries = countOrNull();
		expect(NAVIGATION_TYPE);
		String navigationType = stringOrNull();
		expect(TIMESTAMP);
		double timestamp = number(Range.TIMESTAMP);
		return new BeaconEvent.WebVital(metric, value, id, rating, delta, entries, navigationType, timestamp,
				Map.of(), WireKeys.WEB_VITAL);
	}

	private BeaconEvent custom() {
		expect(CUSTOM);
		String name = string(BeaconStreamReader.NAME);
		expect(DATA);
		String data = stringOrNull(BeaconStreamReader.DATA);
		require(data == null || BeaconStreamReader.isCustomData(data, this.repeat));
		expect(TIMESTAMP);
		double timestamp = number(Range.TIMESTAMP);
		return new BeaconEvent.Custom(name, data, timestamp, Map.of(), WireKeys.CUSTOM);
	}

	private BeaconEvent error() {
		expect(ERROR);
		String message = string(BeaconStreamReader.MESSAGE);
		expect(SOURCE);
		String source = stringOrNull(BeaconStreamReader.SOURCE);
		expect(LINENO);
		Integer lineno = countOrNull();
		expect(COLNO);
		Integer colno = countOrNull();
		expect(TIMESTAMP);
		double timestamp = number(Range.TIMESTAMP);
		return new BeaconEvent.Error(message, source, lineno, colno, timestamp, Map.of(), WireKeys.ERROR);
	}

	/** The string whose opening quote the last literal ended with. */
	private String string() {
		this.pos--;
		readString();
		return text();
	}

	/** As {@link #string()}, answering a repeat of the slot's last value with that value. */
	private String string(int slot) {
		this.pos--;
		readString();
		return text(slot);
	}

	/** A URL whose opening quote the last literal ended with, as the token reader accepts one. */
	private String url() {
		String url = string(BeaconStreamReader.URL);
		require(BeaconStreamReader.isUrl(url, this.repeat, this.textPrintable));
		return url;
	}

	private @Nullable String urlOrNull() {
		if (skipNull()) {
			return null;
		}
		expect('"');
		return url();
	}

	private @Nullable String stringOrNull() {
		if (skipNull()) {
			return null;
		}
		require(this.pos < this.end && this.in[this.pos] == '"');
		readString();
		return text();
	}

	private @Nullable String stringOrNull(int slot) {
		if (skipNull()) {
			return null;
		}
		require(this.pos < this.end && this.in[this.pos] == '"');
		readString();
		return text(slot);
	}

	/** A number in range; null, like anything else but a number, gives up. */
	private double number(Range range) {
		readNumber();
		return BeaconStreamReader.inRange(numberValue(), range);
	}

	private @Nullable Double numberOrNull(Range range) {
		return skipNull() ? null : number(range);
	}

	/** A whole number from 0 to {@code Integer.MAX_VALUE}, or null. */
	private @Nullable Integer countOrNull() {
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

	private boolean skip(Literal literal) {
		if (literal.isAt(this.in, this.pos, this.end)) {
			this.pos += literal.bytes.length;
			return true;
		}
		return false;
	}

	private void expect(Literal literal) {
		require(skip(literal));
	}

	private boolean skip(char c) {
		if (this.pos < this.end && this.in[this.pos] == c) {
			this.pos++;
			return true;
		}
		return false;
	}

	private void expect(char c) {
		require(skip(c));
	}

}
