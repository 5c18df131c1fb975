package io.unisights.beacon;

/**
 * Eight bytes of JSON in one {@code long}, read little-endian: which of them end a run of
 * ordinary string bytes, whether they are eight digits, and the value of those digits, with
 * no loop over the bytes.
 */
final class ByteWords {

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private ByteWords() {
	}

	/**
	 * The high bit of each byte of the word that does not stand for itself in a string as
	 * printable ASCII: a quote, a backslash, DEL, below the space or beyond ASCII. A borrow
	 * can only carry upwards from a byte that is flagged rightly, so the lowest flag is
	 * always right, and no byte that is not ordinary goes unflagged.
	 */
	static long notOrdinary(long word) {
		long quote = word ^ (ONES * '"');
		long backslash = word ^ (ONES * '\\');
		long delete = word ^ (ONES * 0x7F);
		return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((delete - ONES) & ~delete)
				| ((word - ONES * ' ') & ~word) | word) & HIGH_BITS;
	}

	/** Whether all eight bytes of the word are ASCII digits. */
	static boolean isEightDigits(long word) {
		// Each byte 0x30-0x39: high nibble 3, and adding 6 does not carry out of the low nibble.
		return ((word & 0xF0F0F0F0F0F0F0F0L) | (((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
				== 0x3333333333333333L;
	}

	/** The value of eight ASCII digits read little-endian (the first digit in the lowest byte). */
	static long eightDigits(long word) {
		// Pairs of digits, then fours, then all eight: each step adds the higher group times
		// its power of ten to the lower one, in place.
		long value = ((word & 0x0F0F0F0F0F0F0F0FL) * 2561) >>> 8;
		value = ((value & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
		return ((value & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
	}

}
