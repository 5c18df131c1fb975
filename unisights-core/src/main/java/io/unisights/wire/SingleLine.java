package io.unisights.wire;

import org.jspecify.annotations.Nullable;

/**
 * Text that must stay on one line: ids and names read from outside input, and every such
 * value written to a log. A value with a line break could forge a log line of its own
 * (a fake timestamp and level after a CR LF), and ANSI escapes could rewrite what a
 * terminal shows; both are control characters.
 * <p>
 * The characters concerned are the Unicode controls (U+0000 to U+001F, U+007F to U+009F:
 * CR, LF, ESC, NUL…) and the line and paragraph separators U+2028 and U+2029, which some
 * viewers break lines at.
 */
public final class SingleLine {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private SingleLine() {
	}

	/**
	 * Finds the first character that would break a line.
	 * @param text the text
	 * @return its index, or {@code -1} when the text is one clean line
	 */
	public static int firstBreak(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			if (isBreaking(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Writes a value for a log line: each control character and line separator as a
	 * Java-style escape ({@code \r}, {@code \n}, {@code \t}, {@code \u001b}), and a
	 * backslash as {@code \\}, so that an escaped value is never mistaken for an escape.
	 * @param value the value, usually from a request
	 * @return the value on one line; {@code "null"} for {@code null}
	 */
	public static String escape(@Nullable Object value) {
		String text = String.valueOf(value);
		if (firstBreak(text) < 0 && text.indexOf('\\') < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\r' -> escaped.append("\\r");
				case '\n' -> escaped.append("\\n");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (isBreaking(c)) {
						escaped.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
							.append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	/**
	 * Names a character for a problem detail, without writing it.
	 * @param c the character
	 * @return for example {@code U+000D}
	 */
	public static String name(char c) {
		return String.format("U+%04X", (int) c);
	}

	private static boolean isBreaking(char c) {
		return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
	}

}
