package io.unisights.beacon;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import static io.unisights.beacon.CompactJsonBytes.LONGS;

/**
 * A fixed set of ASCII strings, found by their bytes without allocating: a string of up
 * to 24 bytes is its length and two or three words (overlapping where it is not a
 * multiple of eight), hashed and compared as such, with no loop over its bytes.
 */
final class Interned {

	private static final int SLOTS = 512;

	private static final int MAX_LENGTH = 24;

	private final @Nullable String[] strings = new String[SLOTS];

	private final int[] lengths = new int[SLOTS];

	// Per slot: the first word, the last word, and the middle one (beyond 16 bytes).
	private final long[] words = new long[SLOTS * 3];

	/** By length and first byte, whether a string may be here: most values need no lookup. */
	private final boolean[] possible = new boolean[(MAX_LENGTH + 1) << 7];

	Interned(String... values) {
		for (String value : values) {
			byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
			if (bytes.length == 0 || bytes.length > MAX_LENGTH) {
				throw new IllegalArgumentException("not a string of one to 24 bytes: " + value);
			}
			this.possible[(bytes.length << 7) | bytes[0]] = true;
			long first = first(bytes, 0, bytes.length);
			long last = last(bytes, 0, bytes.length);
			int slot = slot(first, last, bytes.length);
			while (this.strings[slot] != null) {
				slot = (slot + 1) & (SLOTS - 1);
			}
			this.strings[slot] = value;
			this.lengths[slot] = bytes.length;
			this.words[3 * slot] = first;
			this.words[3 * slot + 1] = last;
			this.words[3 * slot + 2] = (bytes.length > 16) ? (long) LONGS.get(bytes, 8) : 0;
		}
	}

	/** A value the SDK repeats, or {@code null}: a lookup only when one of that length and first byte exists. */
	@Nullable String find(byte[] in, int start, int stop) {
		int length = stop - start;
		if (length == 0 || length > MAX_LENGTH || !this.possible[(length << 7) | (in[start] & 0x7F)]) {
			return null;
		}
		return lookUp(in, start, stop);
	}

	/** The string with these bytes, or {@code null}. */
	@Nullable String lookUp(byte[] in, int start, int stop) {
		int length = stop - start;
		if (length == 0 || length > MAX_LENGTH) {
			return null;
		}
		long first = first(in, start, stop);
		long last = last(in, start, stop);
		for (int slot = slot(first, last, length); this.strings[slot] != null; slot = (slot + 1) & (SLOTS - 1)) {
			if (this.lengths[slot] == length && this.words[3 * slot] == first && this.words[3 * slot + 1] == last
					&& (length <= 16 || this.words[3 * slot + 2] == (long) LONGS.get(in, start + 8))) {
				return this.strings[slot];
			}
		}
		return null;
	}

	/** The first eight bytes as a word; under eight, every byte, exactly. */
	private static long first(byte[] in, int start, int stop) {
		if (stop - start >= 8) {
			return (long) LONGS.get(in, start);
		}
		long word = 0;
		for (int i = stop - 1; i >= start; i--) {
			word = (word << 8) | (in[i] & 0xFF);
		}
		return word;
	}

	/** The last eight bytes as a word; under eight, the same as {@link #first}. */
	private static long last(byte[] in, int start, int stop) {
		return (stop - start >= 8) ? (long) LONGS.get(in, stop - 8) : first(in, start, stop);
	}

	private static int slot(long first, long last, int length) {
		long hash = (first * 0x9E3779B97F4A7C15L) ^ (last * 0xC2B2AE3D27D4EB4FL) ^ length;
		return (int) (hash >>> 55) & (SLOTS - 1);
	}

}
