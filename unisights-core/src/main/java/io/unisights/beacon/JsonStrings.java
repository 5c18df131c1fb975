package io.unisights.beacon;

import java.nio.charset.StandardCharsets;

import static io.unisights.beacon.CompactJsonBytes.require;

/**
 * The rarer parts of JSON strings as {@link CompactJsonBytes} reads them, escapes and UTF-8
 * beyond ASCII: checked where met, decoded as Jackson decodes them; apart, so that the
 * common path stays small.
 */
final class JsonStrings {

	private JsonStrings() {
	}

	/** Checks the escape at {@code at}; returns the index after it. */
	static int escapeEnd(byte[] in, int at, int end) {
		require(at + 1 < end);
		byte kind = in[at + 1];
		if (kind == 'u') {
			require(at + 5 < end);
			for (int i = at + 2; i < at + 6; i++) {
				require(Character.digit(in[i], 16) >= 0);
			}
			return at + 6;
		}
		require(kind == '"' || kind == '\\' || kind == '/' || kind == 'b' || kind == 'f' || kind == 'n'
				|| kind == 'r' || kind == 't');
		return at + 2;
	}

	/**
	 * Checks the UTF-8 sequence whose first byte, beyond ASCII, is at {@code at}; returns the
	 * index after it. Only well-formed sequences pass (Unicode's table 3-7: no overlong form,
	 * no surrogate, nothing beyond U+10FFFF), which Java and Jackson decode alike; the rest
	 * are Jackson's to judge.
	 */
	static int utf8End(byte[] in, int at, int end) {
		int lead = in[at] & 0xFF;
		int length;
		int low = 0x80;
		int high = 0xBF;
		if (lead >= 0xC2 && lead <= 0xDF) {
			length = 2;
		}
		else if (lead >= 0xE0 && lead <= 0xEF) {
			length = 3;
			low = (lead == 0xE0) ? 0xA0 : 0x80;
			high = (lead == 0xED) ? 0x9F : 0xBF;
		}
		else if (lead >= 0xF0 && lead <= 0xF4) {
			length = 4;
			low = (lead == 0xF0) ? 0x90 : 0x80;
			high = (lead == 0xF4) ? 0x8F : 0xBF;
		}
		else {
			throw CompactJsonBytes.giveUp();
		}
		require(at + length <= end);
		int second = in[at + 1] & 0xFF;
		require(second >= low && second <= high);
		for (int i = at + 2; i < at + length; i++) {
			require((in[i] & 0xC0) == 0x80);
		}
		return at + length;
	}

	/** The text of the string between {@code start} and {@code stop}, escapes as sent. */
	static String unescape(byte[] in, int start, int stop) {
		// Escapes only shorten: the text fits in the escaped length.
		byte[] text = new byte[stop - start];
		int length = 0;
		for (int i = start; i < stop; i++) {
			byte b = in[i];
			if (b != '\\') {
				text[length++] = b;
				continue;
			}
			byte kind = in[++i];
			switch (kind) {
				case 'b' -> text[length++] = '\b';
				case 'f' -> text[length++] = '\f';
				case 'n' -> text[length++] = '\n';
				case 'r' -> text[length++] = '\r';
				case 't' -> text[length++] = '\t';
				case 'u' -> {
					int code = 0;
					for (int j = i + 1; j <= i + 4; j++) {
						code = (code << 4) | Character.digit(in[j], 16);
					}
					if (code >= 0x80) {
						return unescapeToChars(in, start, stop);
					}
					text[length++] = (byte) code;
					i += 4;
				}
				default -> text[length++] = kind;
			}
		}
		return new String(text, 0, length, StandardCharsets.ISO_8859_1);
	}

	/** The rare string with an escape beyond ASCII, such as {@code \u00e9}. */
	private static String unescapeToChars(byte[] in, int start, int stop) {
		StringBuilder text = new StringBuilder(stop - start);
		for (int i = start; i < stop; i++) {
			byte b = in[i];
			if (b != '\\') {
				text.append((char) b);
				continue;
			}
			byte kind = in[++i];
			switch (kind) {
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'u' -> {
					int code = 0;
					for (int j = i + 1; j <= i + 4; j++) {
						code = (code << 4) | Character.digit(in[j], 16);
					}
					text.append((char) code);
					i += 4;
				}
				default -> text.append((char) kind);
			}
		}
		return text.toString();
	}

}
