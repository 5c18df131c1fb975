package io.unisights.spring.test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes JSON the way the browser SDK's two serialisers do, so that test bodies are
 * byte-for-byte what a real client sends. Values are {@link Map}s (in key order),
 * {@link List}s, {@link String}s, {@link Boolean}s, {@link Long}s (integers),
 * {@link Double}s (JavaScript numbers) and {@code null}.
 */
enum SdkJson {

	/**
	 * {@code JSON.stringify}, which writes the plain body: whole numbers without a
	 * fraction ({@code 1796097600000}), decimals down to {@code 0.000001}, exponents
	 * beyond ({@code 1e-7}, {@code 1e+21}).
	 */
	JAVASCRIPT,

	/**
	 * The SDK core's serde_json, which writes the plaintext of an encrypted body: floats
	 * always keep a fraction ({@code 1796097600000.0}, {@code 0.0}), exponents from
	 * {@code 1e16} up and below {@code 0.0001} ({@code 4.1e-6}).
	 */
	SERDE;

	String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(out, value);
		return out.toString();
	}

	private void write(StringBuilder out, @Nullable Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String text) {
			string(out, text);
		}
		else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
			out.append(value);
		}
		else if (value instanceof Double number) {
			out.append(number(number));
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				string(out, (String) entry.getKey());
				out.append(':');
				write(out, entry.getValue());
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(out, list.get(i));
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
		}
	}

	String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			// Both serialisers write non-finite numbers as null.
			return "null";
		}
		if (value == 0) {
			return (this == JAVASCRIPT) ? "0" : ((1 / value < 0) ? "-0.0" : "0.0");
		}
		BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
		String digits = shortest.unscaledValue().toString();
		int length = digits.length();
		// Position of the decimal point relative to the first digit: value = 0.digits × 10^point.
		int point = length - shortest.scale();
		String sign = (value < 0) ? "-" : "";
		return sign + ((this == JAVASCRIPT) ? javascript(digits, length, point) : serde(digits, length, point));
	}

	// ECMAScript Number::toString.
	private static String javascript(String digits, int length, int point) {
		if (length <= point && point <= 21) {
			return digits + "0".repeat(point - length);
		}
		if (0 < point && point <= 21) {
			return digits.substring(0, point) + "." + digits.substring(point);
		}
		if (-6 < point && point <= 0) {
			return "0." + "0".repeat(-point) + digits;
		}
		int exponent = point - 1;
		String mantissa = (length == 1) ? digits : digits.charAt(0) + "." + digits.substring(1);
		return mantissa + "e" + ((exponent >= 0) ? "+" : "-") + Math.abs(exponent);
	}

	// The ryu formatting that serde_json uses for f64.
	private static String serde(String digits, int length, int point) {
		if (length <= point && point <= 16) {
			return digits + "0".repeat(point - length) + ".0";
		}
		if (0 < point && point <= 16) {
			return digits.substring(0, point) + "." + digits.substring(point);
		}
		if (-5 < point && point <= 0) {
			return "0." + "0".repeat(-point) + digits;
		}
		String mantissa = (length == 1) ? digits : digits.charAt(0) + "." + digits.substring(1);
		return mantissa + "e" + (point - 1);
	}

	private static void string(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						// Both leave non-ASCII text raw (UTF-8 on the wire).
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
