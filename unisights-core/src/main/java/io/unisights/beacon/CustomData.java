package io.unisights.beacon;

import java.nio.charset.StandardCharsets;

import io.unisights.wire.JsonLimits;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;

import static io.unisights.beacon.CompactJsonBytes.MAX_NUMBER_LENGTH;
import static io.unisights.beacon.CompactJsonBytes.require;

/**
 * Checks the {@code data} string of a custom event, {@code JSON.stringify(value)} of any
 * JSON value, by scanning its tokens: nothing is built, so checking costs no tree. The fast
 * reader first tries a scan of the common case that needs no parser ({@link #isCompactJson}).
 */
final class CustomData {

	private CustomData() {
	}

	/**
	 * @return what is wrong with the string, to follow its field path in a problem, or
	 * {@code null} when it is one JSON value within the parser's limits (or blank)
	 */
	static @Nullable String problem(String json) {
		try (JsonParser parser = BeaconJson.MAPPER.createParser(json)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				return null;
			}
			while (true) {
				if (token == null) {
					return "must be a JSON document in a string";
				}
				if (token == JsonToken.VALUE_NUMBER_FLOAT && !Double.isFinite(parser.getDoubleValue())) {
					return "holds a number beyond the range of a double at "
							+ valuePath(BeaconJson.pathOf(parser.streamReadContext()));
				}
				if (parser.streamReadContext().inRoot()) {
					break;
				}
				token = parser.nextToken();
			}
			return (parser.nextToken() == null) ? null : "must hold one JSON value, not several";
		}
		catch (StreamConstraintsException ex) {
			return BeaconJson.limitProblem(ex);
		}
		catch (JacksonException ex) {
			return "must be a JSON document in a string";
		}
	}

	private static String valuePath(String path) {
		return path.isEmpty() ? "its root" : path;
	}

	/**
	 * Checks that a custom event's {@code data} string is one JSON value within the subset
	 * {@link CompactJsonBytes} reads (nesting, number length, finite numbers), so that the
	 * common case needs no parser. {@code false} means "not known to be fine":
	 * {@link #problem} then decides.
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
		catch (CompactJsonBytes.GiveUp ex) {
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
			require(this.at < this.text.length && depth < CompactJsonTokens.MAX_DEPTH);
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

}
