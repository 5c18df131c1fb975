package io.unisights.beacon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact reader must read exactly what Jackson reads, token for token and value for
 * value, wherever it does not give up; and it must not give up on what the SDK writes.
 */
class CompactJsonTokensTests {

	@Test
	void readsTheSdksBodiesToTheEndWithoutGivingUp() {
		byte[] body = BeaconJson.MAPPER.writeValueAsBytes(BeaconDecoderTests.plainBody());
		assertThat(tokens(compact(body))).isEqualTo(tokens(jackson(body)));
		CompactJsonBytes.GiveUp gaveUp = null;
		try {
			readAll(compact(body));
		}
		catch (CompactJsonBytes.GiveUp ex) {
			gaveUp = ex;
		}
		assertThat(gaveUp).isNull();
	}

	@Test
	void answersTheSdksKeysAndRepeatedValuesWithSharedInstances() {
		// Known keys and values of every length class (under four, under eight, to 16, beyond)
		// are looked up by their words: each must come back as the one instance, not a copy.
		String[] names = { "x", "id", "os", "type", "title", "entries", "location", "timestamp", "screen_height",
				"navigation_type", "session_id" };
		String[] values = { "LCP", "TTFB", "good", "poor", "click", "Mobile", "Desktop", "navigate", "page_view",
				"needs-improvement", "back-forward-cache", "direct" };
		for (String name : names) {
			for (String value : values) {
				byte[] json = ("{\"" + name + "\":\"" + value + "\"}").getBytes(StandardCharsets.US_ASCII);
				CompactJsonTokens tokens = new CompactJsonTokens(json);
				tokens.nextToken();
				assertThat(tokens.nextName()).isSameAs(name);
				tokens.nextToken();
				assertThat(tokens.getString()).isSameAs(value);
			}
		}
		// Near misses are new strings with their own text.
		byte[] json = "[\"LCQ\",\"page_vie\",\"needs-improvemenT\"]".getBytes(StandardCharsets.US_ASCII);
		assertThat(tokens(compact(json))).isEqualTo(tokens(jackson(json)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "100.8", "0.0000041", "4.1e-6", "4.1E-6", "1796097600000", "1796097600000.0", "-0",
			"-0.0", "0", "1e5", "1E+2", "123456789012345", "1.7976931348623157e308", "5e-324", "2147483647",
			"2147483648", "-2147483649", "999999999999999999", "0.1", "0.30000000000000004", "9007199254740993.5",
			"123456.7890123456789", "1e22", "1e23", "12345678901234.5e8", "12345678", "123456789", "1234567890123456",
			"-98765432.25", "99999999e2", "90000000", "10000000.00000001", "1763900000250" })
	void readsNumbersAsJacksonDoes(String number) {
		byte[] json = ("[" + number + "]").getBytes(StandardCharsets.US_ASCII);
		assertThat(tokens(compact(json))).isEqualTo(tokens(jackson(json)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[01]", "[1.]", "[.5]", "[-]", "[1e]", "[+1]", "[1,]", "{\"a\":1,}", "{\"a\" 1}",
			"[\"a\u0001\"]", "{\"caf\u00e9\":1}", "[\"\u00e9\\n\"]",
			"[\"\\x\"]", "[\"\\u12\"]", "[tru]", "[nulls]", "{\"\\u0061\":1}",
			"[1] [2]", "[1234567890123456789]", "[0123456789]", "[-012345678]", "[1e99999]", "[\"unterminated]", "{\"a\":[1}" })
	void givesUpOnWhatItDoesNotRead(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		CompactJsonBytes.GiveUp gaveUp = null;
		try {
			readAll(compact(bytes));
		}
		catch (CompactJsonBytes.GiveUp ex) {
			gaveUp = ex;
		}
		assertThat(gaveUp).as(json).isNotNull();
	}

	@Test
	void readsTextBeyondAsciiAsJacksonDoesAndGivesUpOnMalformedUtf8() {
		// JSON.stringify and serde leave text beyond ASCII raw: a page title in any script.
		for (String text : List.of("caf\u00e9", "\u20ac 5", "\u65e5\u672c\u8a9e", "\ud83d\ude00!", "\u0085",
				"a\u00e9b\u20acc\ud83d\ude00d".repeat(5))) {
			byte[] json = ("{\"k\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
			assertThat(tokens(compact(json))).as(text).isEqualTo(tokens(jackson(json)));
		}
		// Overlong, a surrogate, beyond U+10FFFF, a lone continuation, a cut sequence, a byte
		// no UTF-8 holds: never read, whatever Jackson makes of them.
		int[][] malformed = { { 0xC0, 0x80 }, { 0xC1, 0xBF }, { 0xE0, 0x80, 0x80 }, { 0xED, 0xA0, 0x80 },
				{ 0xF4, 0x90, 0x80, 0x80 }, { 0xF0, 0x80, 0x80, 0x80 }, { 0x80 }, { 0xE2, 0x82 }, { 0xE2, 0x82, 0x41 },
				{ 0xF8, 0x88, 0x80, 0x80, 0x80 }, { 0xFF } };
		for (int[] sequence : malformed) {
			byte[] json = new byte[sequence.length + 4];
			json[0] = '[';
			json[1] = '"';
			for (int i = 0; i < sequence.length; i++) {
				json[2 + i] = (byte) sequence[i];
			}
			json[json.length - 2] = '"';
			json[json.length - 1] = ']';
			CompactJsonBytes.GiveUp gaveUp = null;
			try {
				readAll(compact(json));
			}
			catch (CompactJsonBytes.GiveUp ex) {
				gaveUp = ex;
			}
			assertThat(gaveUp).as(java.util.Arrays.toString(sequence)).isNotNull();
		}
	}

	@Test
	void readsEveryKindOfByteAtEveryPlaceOfAStringAsJacksonDoes() {
		// Strings are scanned eight bytes at a time: each byte that ends the run, at each
		// offset into a word and into the tail, must be seen as the byte loop would see it.
		String[] specials = { "\\\"", "\\\\", "\\u0041", "\\n", "\"", "\u0001", "\u001f", "\u007f", "\u00e9",
				"\u20ac", "~", " " };
		int printable = 0;
		for (int length = 0; length <= 24; length++) {
			for (int at = 0; at <= length; at++) {
				for (String special : specials) {
					String text = "a".repeat(at) + special + "b".repeat(length - at);
					for (String json : List.of("[\"" + text + "\"]", "{\"k\":\"" + text + "\",\"n\":1}")) {
						byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
						List<String> expected;
						try {
							expected = tokens(jackson(bytes));
						}
						catch (JacksonException ex) {
							expected = List.of("refused");
						}
						try {
							List<String> seen = tokens(compact(bytes));
							assertThat(seen).as(json).isEqualTo(expected);
						}
						catch (CompactJsonBytes.GiveUp ex) {
							// Jackson's to read; nothing to compare.
						}
						printable += printableStringsAreAscii(bytes);
					}
				}
			}
		}
		assertThat(printable).isGreaterThan(1000);
	}

	/** Checks that every string the compact reader calls printable is; returns how many it called so. */
	private static int printableStringsAreAscii(byte[] json) {
		int printable = 0;
		try {
			CompactJsonTokens tokens = new CompactJsonTokens(json);
			for (JsonToken token = tokens.nextToken(); token != null; token = tokens.nextToken()) {
				if (token == JsonToken.VALUE_STRING && tokens.isPrintableAscii()) {
					printable++;
					assertThat(tokens.getString().chars().allMatch((c) -> c >= ' ' && c <= '~'))
						.as(new String(json, StandardCharsets.UTF_8))
						.isTrue();
				}
			}
		}
		catch (CompactJsonBytes.GiveUp ex) {
			// nothing read
		}
		return printable;
	}

	@Test
	void agreesWithJacksonOnRandomAndCorruptedJson() {
		Random random = new Random(20261201);
		int read = 0;
		for (int round = 0; round < 20000; round++) {
			StringBuilder text = new StringBuilder();
			randomValue(random, text, 0);
			String json = (random.nextInt(3) == 0) ? corrupt(random, text.toString()) : text.toString();
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			List<String> compact;
			try {
				compact = tokens(compact(bytes));
			}
			catch (CompactJsonBytes.GiveUp ex) {
				continue;
			}
			read++;
			List<String> expected;
			try {
				expected = tokens(jackson(bytes));
			}
			catch (JacksonException ex) {
				expected = List.of("refused: " + ex.getOriginalMessage());
			}
			assertThat(compact).as(json).isEqualTo(expected);
			printableStringsAreAscii(bytes);
		}
		assertThat(read).isGreaterThan(5000);
	}

	@Test
	void passesACustomEventsDataOnlyWhereJacksonDoes() {
		Random random = new Random(20261202);
		int passed = 0;
		for (int round = 0; round < 20000; round++) {
			StringBuilder text = new StringBuilder();
			randomValue(random, text, 0);
			String json = (random.nextInt(3) == 0) ? corrupt(random, text.toString()) : text.toString();
			if (CustomData.isCompactJson(json)) {
				passed++;
				assertThat(CustomData.problem(json)).as(json).isNull();
			}
		}
		assertThat(passed).isGreaterThan(5000);
		assertThat(CustomData.isCompactJson("{\"x\": 10, \"y\": [1e400]}")).isFalse();
		assertThat(CustomData.isCompactJson("{\"a\":1} {\"b\":2}")).isFalse();
		assertThat(CustomData.isCompactJson("[".repeat(40) + "]".repeat(40))).isFalse();
		assertThat(CustomData.isCompactJson(" {\"x\": 10, \"s\": \"\\u00e9\\n\"} ")).isTrue();
	}

	private static void randomValue(Random random, StringBuilder text, int depth) {
		int kind = random.nextInt((depth > 4) ? 4 : 7);
		switch (kind) {
			case 0 -> randomString(random, text);
			case 1 -> text.append(randomNumber(random));
			case 2 -> text.append(List.of("true", "false", "null").get(random.nextInt(3)));
			case 3 -> randomString(random, text);
			case 4, 5 -> {
				text.append('{');
				int size = random.nextInt(4);
				for (int i = 0; i < size; i++) {
					if (i > 0) {
						text.append(',');
					}
					whitespace(random, text);
					randomString(random, text);
					whitespace(random, text);
					text.append(':');
					randomValue(random, text, depth + 1);
				}
				text.append('}');
			}
			default -> {
				text.append('[');
				int size = random.nextInt(4);
				for (int i = 0; i < size; i++) {
					if (i > 0) {
						text.append(',');
					}
					whitespace(random, text);
					randomValue(random, text, depth + 1);
				}
				text.append(']');
			}
		}
	}

	private static void whitespace(Random random, StringBuilder text) {
		if (random.nextInt(4) == 0) {
			text.append(" \n\t\r".charAt(random.nextInt(4)));
		}
	}

	private static void randomString(Random random, StringBuilder text) {
		String[] parts = { "a", "Z", "page_view", "timestamp", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041",
				"\\u00e9", "\\ud83d\\ude00", "\u00e9", "\u20ac", "{", "}", ":", ",", "~", "\u007f", "\\b" };
		text.append('"');
		int length = random.nextInt(6);
		for (int i = 0; i < length; i++) {
			text.append(parts[random.nextInt(parts.length)]);
		}
		text.append('"');
	}

	private static String randomNumber(Random random) {
		StringBuilder number = new StringBuilder();
		if (random.nextBoolean()) {
			number.append('-');
		}
		int digits = 1 + random.nextInt(random.nextBoolean() ? 4 : 20);
		for (int i = 0; i < digits; i++) {
			number.append((char) ('0' + random.nextInt(10)));
		}
		if (random.nextBoolean()) {
			number.append('.');
			int fraction = 1 + random.nextInt(random.nextBoolean() ? 3 : 18);
			for (int i = 0; i < fraction; i++) {
				number.append((char) ('0' + random.nextInt(10)));
			}
		}
		if (random.nextInt(4) == 0) {
			number.append(random.nextBoolean() ? 'e' : 'E');
			if (random.nextBoolean()) {
				number.append(random.nextBoolean() ? '-' : '+');
			}
			number.append(random.nextInt(random.nextBoolean() ? 30 : 400));
		}
		return number.toString();
	}

	private static String corrupt(Random random, String json) {
		if (json.isEmpty()) {
			return json;
		}
		int at = random.nextInt(json.length());
		String choices = "{}[]\",:0-.e \u0001x";
		String inserted = String.valueOf(choices.charAt(random.nextInt(choices.length())));
		return switch (random.nextInt(3)) {
			case 0 -> json.substring(0, at) + json.substring(at + 1);
			case 1 -> json.substring(0, at) + inserted + json.substring(at);
			default -> json.substring(0, at) + inserted + json.substring(at + 1);
		};
	}

	/** The reads the tests compare, over either reader. */
	private interface Tokens {

		@Nullable JsonToken nextToken();

		String getString();

		JsonParser.NumberType getNumberType();

		double getDoubleValue();

		int getIntValue();

		JsonNode readValueAsTree();

	}

	private static Tokens compact(byte[] json) {
		CompactJsonTokens tokens = new CompactJsonTokens(json);
		return new Tokens() {

			@Override
			public @Nullable JsonToken nextToken() {
				return tokens.nextToken();
			}

			@Override
			public String getString() {
				return tokens.getString();
			}

			@Override
			public JsonParser.NumberType getNumberType() {
				return tokens.getNumberType();
			}

			@Override
			public double getDoubleValue() {
				return tokens.getDoubleValue();
			}

			@Override
			public int getIntValue() {
				return tokens.getIntValue();
			}

			@Override
			public JsonNode readValueAsTree() {
				return tokens.readValueAsTree();
			}

		};
	}

	private static Tokens jackson(byte[] json) {
		JsonParser parser = BeaconJson.MAPPER.createParser(json);
		return new Tokens() {

			@Override
			public @Nullable JsonToken nextToken() {
				return parser.nextToken();
			}

			@Override
			public String getString() {
				return parser.getString();
			}

			@Override
			public JsonParser.NumberType getNumberType() {
				return parser.getNumberType();
			}

			@Override
			public double getDoubleValue() {
				return parser.getDoubleValue();
			}

			@Override
			public int getIntValue() {
				return parser.getIntValue();
			}

			@Override
			public JsonNode readValueAsTree() {
				return parser.readValueAsTree();
			}

		};
	}

	private static void readAll(Tokens tokens) {
		tokens(tokens);
	}

	/** Every token with its value: names, strings, number types and doubles to the bit. */
	private static List<String> tokens(Tokens tokens) {
		List<String> seen = new ArrayList<>();
		for (JsonToken token = tokens.nextToken(); token != null; token = tokens.nextToken()) {
			switch (token) {
				case PROPERTY_NAME, VALUE_STRING -> seen.add(token + " " + tokens.getString());
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
					JsonParser.NumberType type = tokens.getNumberType();
					String value = Long.toHexString(Double.doubleToRawLongBits(tokens.getDoubleValue()));
					String asInt = (type == JsonParser.NumberType.INT) ? " " + tokens.getIntValue() : "";
					JsonNode tree = tokens.readValueAsTree();
					seen.add(token + " " + ((token == JsonToken.VALUE_NUMBER_FLOAT) ? "float" : type) + " " + value
							+ asInt + " " + tree.getClass().getSimpleName() + " " + tree);
				}
				default -> seen.add(token.toString());
			}
		}
		return seen;
	}

}
