package io.unisights.tracking;

/**
 * RFC 4648 base32 without padding, written lower-case and read in either case. The JDK has
 * no base32 and the codec is small enough not to justify a dependency in core.
 */
final class Base32 {

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

	private static final byte[] VALUES = new byte[128];

	static {
		java.util.Arrays.fill(VALUES, (byte) -1);
		for (int i = 0; i < ALPHABET.length; i++) {
			VALUES[ALPHABET[i]] = (byte) i;
			VALUES[Character.toUpperCase(ALPHABET[i])] = (byte) i;
		}
	}

	private Base32() {
	}

	static String encode(byte[] data) {
		StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
		int buffer = 0;
		int bits = 0;
		for (byte b : data) {
			buffer = (buffer << 8) | (b & 0xFF);
			bits += 8;
			while (bits >= 5) {
				bits -= 5;
				out.append(ALPHABET[(buffer >>> bits) & 0x1F]);
			}
		}
		if (bits > 0) {
			out.append(ALPHABET[(buffer << (5 - bits)) & 0x1F]);
		}
		return out.toString();
	}

	/**
	 * Decodes, refusing characters outside the alphabet, impossible lengths and non-zero
	 * trailing bits, so that every byte string has exactly one accepted spelling per case.
	 * @throws IllegalArgumentException if the text is not canonical base32
	 */
	static byte[] decode(CharSequence text) {
		int length = text.length();
		int remainder = length % 8;
		if (remainder == 1 || remainder == 3 || remainder == 6) {
			throw new IllegalArgumentException("Impossible base32 length " + length);
		}
		byte[] out = new byte[length * 5 / 8];
		int buffer = 0;
		int bits = 0;
		int index = 0;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			int value = (c < 128) ? VALUES[c] : -1;
			if (value < 0) {
				throw new IllegalArgumentException("Illegal base32 character at index " + i);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				bits -= 8;
				out[index++] = (byte) (buffer >>> bits);
			}
		}
		if ((buffer & ((1 << bits) - 1)) != 0) {
			throw new IllegalArgumentException("Non-zero trailing bits in base32");
		}
		return out;
	}

}
