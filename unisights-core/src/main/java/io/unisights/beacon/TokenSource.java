package io.unisights.beacon;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The few token operations {@link BeaconStreamReader} maps a payload with, with the meaning
 * Jackson's {@link JsonParser} gives them, so that one mapping runs over either Jackson's
 * parser or {@link CompactJsonTokens}. A source that cannot go on throws
 * {@link BeaconStreamReader.GiveUp} (or a {@code JacksonException}): the bytes are then read
 * by a slower reader.
 */
interface TokenSource {

	/** Moves to the next token; {@code null} at the end of the input. */
	@Nullable JsonToken nextToken();

	/** Moves to the next token and returns its name if it is a property name, else {@code null}. */
	@Nullable String nextName();

	/**
	 * As {@link #nextName()}, told the name most likely to come next (the SDK writes its
	 * keys in a fixed order): a source may look for exactly that name first. The answer is
	 * the same whatever the hint.
	 */
	default @Nullable String nextName(CompactJsonTokens.Key likely) {
		return nextName();
	}

	/** The text of the current string value or property name. */
	String getString();

	/**
	 * As {@link #getString()}, for a string value that may repeat one read before in the same
	 * slot: a source may then answer the earlier instance, and say so in {@link #isRepeat()}.
	 * @param slot a number below {@link CompactJsonBytes#REPEAT_SLOTS}, one per kind of
	 * value (and per check the value must pass)
	 */
	default String getString(int slot) {
		return getString();
	}

	/**
	 * Whether the last {@link #getString(int)} answered the value it answered before in that
	 * slot, byte for byte the same text: whatever was checked of that value holds. {@code false}
	 * says nothing.
	 */
	default boolean isRepeat() {
		return false;
	}

	/**
	 * Whether the current string value is known to hold printable ASCII alone (the space to
	 * the tilde), so that a check for control characters can be spared. {@code false} says
	 * nothing.
	 */
	default boolean isPrintableAscii() {
		return false;
	}

	/** The type of the current number. */
	JsonParser.NumberType getNumberType();

	/** The current number as a double. */
	double getDoubleValue();

	/** The current number as an int, when its type is {@code INT}. */
	int getIntValue();

	/** Skips the object or array the current token starts. */
	void skipChildren();

	/** Reads the value the current token starts as a tree. */
	JsonNode readValueAsTree();

	/** Jackson's parser as a token source. */
	record Jackson(JsonParser parser) implements TokenSource {

		@Override
		public @Nullable JsonToken nextToken() {
			return this.parser.nextToken();
		}

		@Override
		public @Nullable String nextName() {
			return this.parser.nextName();
		}

		@Override
		public String getString() {
			return this.parser.getString();
		}

		@Override
		public JsonParser.NumberType getNumberType() {
			return this.parser.getNumberType();
		}

		@Override
		public double getDoubleValue() {
			return this.parser.getDoubleValue();
		}

		@Override
		public int getIntValue() {
			return this.parser.getIntValue();
		}

		@Override
		public void skipChildren() {
			this.parser.skipChildren();
		}

		@Override
		public JsonNode readValueAsTree() {
			return this.parser.readValueAsTree();
		}

	}

}
