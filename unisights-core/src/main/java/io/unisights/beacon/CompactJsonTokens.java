package io.unisights.beacon;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.unisights.wire.JsonLimits;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Tokens of JSON as the browser SDK writes it ({@code JSON.stringify} or serde output: ASCII
 * text, shallow, short numbers), read straight from the bytes. It exists for speed: Jackson's
 * general parser decodes every string through a char buffer and tracks locations and
 * contexts a beacon never needs, and on a 100-event body that cost more than the mapping to
 * records.
 * <p>
 * It reads only a strict subset of JSON and gives up ({@link BeaconStreamReader.GiveUp}) on
 * anything else: what {@link CompactJsonBytes} does not read, nesting deeper than 32, an
 * object or array under an unknown key. Giving up is always safe: the same bytes are then
 * read by Jackson. Within the subset its tokens and values are exactly Jackson's, which the
 * stream reader's tests hold it to.
 */
final class CompactJsonTokens extends CompactJsonBytes implements TokenSource {

	private static final int MAX_DEPTH = 32;

	private final boolean[] objectAt = new boolean[MAX_DEPTH];

	private int depth;

	/** A value was read in the current container (or at the root): a comma or the end is next. */
	private boolean afterValue;

	/** A property name was read: its value is next. */
	private boolean afterName;

	private @Nullable JsonToken current;

	private @Nullable String name;

	CompactJsonTokens(byte[] in) {
		this(in, 0);
	}

	/**
	 * Tokens from a position on: the first is the value there, and once that value is read,
	 * {@link #position()} is where it ends.
	 */
	CompactJsonTokens(byte[] in, int from) {
		super(in, from);
	}

	/** The token the last {@link #nextToken()} moved to. */
	@Nullable JsonToken current() {
		return this.current;
	}

	/** Where the next token would start. */
	int position() {
		return this.pos;
	}

	@Override
	public @Nullable JsonToken nextToken() {
		skipWhitespace();
		if (this.afterName) {
			this.afterName = false;
			return this.current = value();
		}
		if (this.depth == 0) {
			if (!this.afterValue) {
				return this.current = value();
			}
			if (this.pos == this.end) {
				return this.current = null;
			}
			throw giveUp();
		}
		boolean object = this.objectAt[this.depth - 1];
		byte c = peek();
		if (c == (object ? '}' : ']')) {
			this.pos++;
			this.depth--;
			this.afterValue = true;
			return this.current = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
		}
		if (this.afterValue) {
			expect(',');
			skipWhitespace();
		}
		if (object) {
			this.name = readName();
			skipWhitespace();
			expect(':');
			this.afterName = true;
			return this.current = JsonToken.PROPERTY_NAME;
		}
		return this.current = value();
	}

	@Override
	public @Nullable String nextName() {
		return (nextToken() == JsonToken.PROPERTY_NAME) ? this.name : null;
	}

	/**
	 * Checks the bytes for exactly {@code "name":} (after a comma where one is due) before
	 * anything else: a known key then costs a comparison of two words instead of a scan, a
	 * hash and a lookup. Any other bytes take the general path from the same position.
	 */
	@Override
	public @Nullable String nextName(Key likely) {
		if (!this.afterName && this.depth > 0 && this.objectAt[this.depth - 1]) {
			int at = this.pos;
			if (this.afterValue) {
				if (at >= this.end || this.in[at] != ',') {
					return nextName();
				}
				at++;
			}
			if (likely.isAt(this.in, at, this.end)) {
				this.pos = at + likely.literal.bytes.length;
				this.afterName = true;
				this.current = JsonToken.PROPERTY_NAME;
				return this.name = likely.name;
			}
		}
		return nextName();
	}

	@Override
	public String getString() {
		if (this.current == JsonToken.PROPERTY_NAME && this.name != null) {
			return this.name;
		}
		require(this.current == JsonToken.VALUE_STRING);
		return text();
	}

	@Override
	public String getString(int slot) {
		if (this.current != JsonToken.VALUE_STRING) {
			this.repeat = false;
			return getString();
		}
		return text(slot);
	}

	@Override
	public boolean isRepeat() {
		return this.repeat;
	}

	@Override
	public boolean isPrintableAscii() {
		return this.current == JsonToken.VALUE_STRING && this.textPrintable;
	}

	@Override
	public JsonParser.NumberType getNumberType() {
		if (this.current == JsonToken.VALUE_NUMBER_FLOAT) {
			return JsonParser.NumberType.DOUBLE;
		}
		require(this.current == JsonToken.VALUE_NUMBER_INT);
		return (this.integer == (int) this.integer) ? JsonParser.NumberType.INT : JsonParser.NumberType.LONG;
	}

	@Override
	public double getDoubleValue() {
		require(this.current == JsonToken.VALUE_NUMBER_INT || this.current == JsonToken.VALUE_NUMBER_FLOAT);
		return numberValue();
	}

	@Override
	public int getIntValue() {
		require(this.current == JsonToken.VALUE_NUMBER_INT && this.integer == (int) this.integer);
		return (int) this.integer;
	}

	@Override
	public void skipChildren() {
		throw giveUp();
	}

	/** A scalar as the node Jackson's tree reader makes of it; an object or array gives up. */
	@Override
	public JsonNode readValueAsTree() {
		JsonToken token = this.current;
		if (token == null) {
			throw giveUp();
		}
		return switch (token) {
			case VALUE_STRING -> BeaconJson.NODES.stringNode(getString());
			case VALUE_NUMBER_INT -> (getNumberType() == JsonParser.NumberType.INT)
					? BeaconJson.NODES.numberNode((int) this.integer) : BeaconJson.NODES.numberNode(this.integer);
			case VALUE_NUMBER_FLOAT -> BeaconJson.NODES.numberNode(this.fraction);
			case VALUE_TRUE -> BeaconJson.NODES.booleanNode(true);
			case VALUE_FALSE -> BeaconJson.NODES.booleanNode(false);
			case VALUE_NULL -> BeaconJson.NODES.nullNode();
			default -> throw giveUp();
		};
	}

	private JsonToken value() {
		byte c = peek();
		this.afterValue = true;
		switch (c) {
			case '{' -> {
				push(true);
				return JsonToken.START_OBJECT;
			}
			case '[' -> {
				push(false);
				return JsonToken.START_ARRAY;
			}
			case '"' -> {
				readString();
				return JsonToken.VALUE_STRING;
			}
			case 't' -> {
				literal(4, TRUE);
				return JsonToken.VALUE_TRUE;
			}
			case 'f' -> {
				literal(5, ALSE);
				return JsonToken.VALUE_FALSE;
			}
			case 'n' -> {
				literal(4, NULL);
				return JsonToken.VALUE_NULL;
			}
			default -> {
				return numberToken();
			}
		}
	}

	private void push(boolean object) {
		require(this.depth < MAX_DEPTH);
		this.pos++;
		this.objectAt[this.depth++] = object;
		this.afterValue = false;
	}

	private JsonToken numberToken() {
		return readNumber() ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
	}

	private void skipWhitespace() {
		// The SDK writes none: one comparison settles the usual case (a byte above the space).
		if (this.pos < this.end && this.in[this.pos] > ' ') {
			return;
		}
		while (this.pos < this.end) {
			byte b = this.in[this.pos];
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return;
			}
			this.pos++;
		}
	}

	private byte peek() {
		require(this.pos < this.end);
		return this.in[this.pos];
	}

	private void expect(char c) {
		require(this.pos < this.end && this.in[this.pos] == c);
		this.pos++;
	}

	/**
	 * Checks that a custom event's {@code data} string is one JSON value within the subset
	 * above (nesting, number length, finite numbers), so that the common case needs no
	 * parser. {@code false} means "not known to be fine": {@link CustomData} then decides.
	 */
	static boolean isCompactJson(String json) {
		try {
			// As Latin-1 a character beyond it reads as '?': valid in a string, like the
			// character itself, and invalid outside one, like the character itself.
			CharScanner scanner = new CharScanner(json.getBytes(StandardCharsets.ISO_8859_1));
			scanner.skipWhitespace();
			scanner.value(0);
			scanner.skipWhitespace();
			return scanner.at == scanner.text.length;
		}
		catch (BeaconStreamReader.GiveUp ex) {
			return false;
		}
	}

	/** A validating pass over JSON text, building nothing. */
	private static final class CharScanner {

		private final byte[] text;

		private int at;

		CharScanner(byte[] text) {
			this.text = text;
		}

		private char charAt(int index) {
			return (char) (this.text[index] & 0xFF);
		}

		void value(int depth) {
			require(this.at < this.text.length && depth < MAX_DEPTH);
			char c = charAt(this.at);
			switch (c) {
				case '{' -> container('}', depth, true);
				case '[' -> container(']', depth, false);
				case '"' -> string();
				case 't' -> word("true");
				case 'f' -> word("false");
				case 'n' -> word("null");
				default -> number();
			}
		}

		private void container(char close, int depth, boolean object) {
			this.at++;
			skipWhitespace();
			if (peek() == close) {
				this.at++;
				return;
			}
			while (true) {
				if (object) {
					require(peek() == '"');
					int start = this.at;
					string();
					require(this.at - start <= JsonLimits.MAX_NAME_LENGTH);
					skipWhitespace();
					require(peek() == ':');
					this.at++;
					skipWhitespace();
				}
				value(depth + 1);
				skipWhitespace();
				char next = peek();
				this.at++;
				if (next == close) {
					return;
				}
				require(next == ',');
				skipWhitespace();
			}
		}

		private void string() {
			this.at++;
			while (true) {
				char c = peek();
				if (c == '"') {
					this.at++;
					return;
				}
				require(c >= ' ');
				if (c == '\\') {
					require(this.at + 1 < this.text.length);
					char kind = charAt(this.at + 1);
					if (kind == 'u') {
						require(this.at + 5 < this.text.length);
						for (int i = this.at + 2; i < this.at + 6; i++) {
							require(Character.digit(charAt(i), 16) >= 0
									&& charAt(i) < 0x80);
						}
						this.at += 6;
						continue;
					}
					require("\"\\/bfnrt".indexOf(kind) >= 0);
					this.at += 2;
					continue;
				}
				this.at++;
			}
		}

		private void word(String word) {
			require(this.at + word.length() <= this.text.length);
			for (int i = 0; i < word.length(); i++) {
				require(charAt(this.at + i) == word.charAt(i));
			}
			this.at += word.length();
		}

		private void number() {
			int start = this.at;
			if (this.at < this.text.length && charAt(this.at) == '-') {
				this.at++;
			}
			int digits = digits();
			require(digits > 0 && (digits == 1 || charAt(this.at - digits) != '0'));
			if (this.at < this.text.length && charAt(this.at) == '.') {
				this.at++;
				require(digits() > 0);
			}
			boolean exponent = this.at < this.text.length
					&& (charAt(this.at) == 'e' || charAt(this.at) == 'E');
			if (exponent) {
				this.at++;
				if (this.at < this.text.length
						&& (charAt(this.at) == '-' || charAt(this.at) == '+')) {
					this.at++;
				}
				require(digits() > 0);
			}
			require(this.at - start <= MAX_NUMBER_LENGTH);
			// Without an exponent 24 characters cannot pass the range of a double.
			require(!exponent || Double.isFinite(Double.parseDouble(
					new String(this.text, start, this.at - start, StandardCharsets.ISO_8859_1))));
		}

		private int digits() {
			int start = this.at;
			while (this.at < this.text.length && charAt(this.at) >= '0'
					&& charAt(this.at) <= '9') {
				this.at++;
			}
			return this.at - start;
		}

		void skipWhitespace() {
			while (this.at < this.text.length) {
				char c = charAt(this.at);
				if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
					return;
				}
				this.at++;
			}
		}

		private char peek() {
			require(this.at < this.text.length);
			return charAt(this.at);
		}

	}

	/**
	 * Prepares the keys of an object as the SDK orders them, for {@link #nextName(Key)}.
	 * @param names plain ASCII keys, without quotes or backslashes
	 */
	static Key[] keys(List<String> names) {
		return names.stream().map(Key::new).toArray(Key[]::new);
	}

	/** A key with its quotes and colon as bytes, {@code "name":}. */
	static final class Key {

		final String name;

		final Literal literal;

		Key(String name) {
			this.name = name;
			this.literal = new Literal('"' + name + "\":");
		}

		boolean isAt(byte[] in, int at, int end) {
			return this.literal.isAt(in, at, end);
		}

	}

}
