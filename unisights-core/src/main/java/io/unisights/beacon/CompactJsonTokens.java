package io.unisights.beacon;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Tokens of JSON as the browser SDK writes it ({@code JSON.stringify} or serde output: ASCII
 * text, shallow, short numbers), read straight from the bytes, with the meaning Jackson's
 * {@link JsonParser} gives the same methods. {@link SdkLayoutReader} reads with it the
 * objects whose key order the SDK leaves to a map ({@code utm_params}, {@code device_info}),
 * and {@link EncryptedBody} the SDK's encrypted body.
 * <p>
 * It reads only a strict subset of JSON and gives up ({@link CompactJsonBytes.GiveUp}) on
 * anything else: what {@link CompactJsonBytes} does not read, nesting deeper than 32, an
 * object or array where a scalar is asked for. Giving up is always safe: the same bytes are
 * then read by the tree reader. Within the subset its tokens and values are exactly
 * Jackson's, which its tests hold it to.
 */
final class CompactJsonTokens extends CompactJsonBytes {

	static final int MAX_DEPTH = 32;

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

	@Nullable JsonToken nextToken() {
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

	@Nullable String nextName() {
		return (nextToken() == JsonToken.PROPERTY_NAME) ? this.name : null;
	}

	String getString() {
		if (this.current == JsonToken.PROPERTY_NAME && this.name != null) {
			return this.name;
		}
		require(this.current == JsonToken.VALUE_STRING);
		return text();
	}

	boolean isPrintableAscii() {
		return this.current == JsonToken.VALUE_STRING && this.textPrintable;
	}

	JsonParser.NumberType getNumberType() {
		if (this.current == JsonToken.VALUE_NUMBER_FLOAT) {
			return JsonParser.NumberType.DOUBLE;
		}
		require(this.current == JsonToken.VALUE_NUMBER_INT);
		return (this.integer == (int) this.integer) ? JsonParser.NumberType.INT : JsonParser.NumberType.LONG;
	}

	double getDoubleValue() {
		require(this.current == JsonToken.VALUE_NUMBER_INT || this.current == JsonToken.VALUE_NUMBER_FLOAT);
		return numberValue();
	}

	int getIntValue() {
		require(this.current == JsonToken.VALUE_NUMBER_INT && this.integer == (int) this.integer);
		return (int) this.integer;
	}

	/** A scalar as the node Jackson's tree reader makes of it; an object or array gives up. */
	JsonNode readValueAsTree() {
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

}
