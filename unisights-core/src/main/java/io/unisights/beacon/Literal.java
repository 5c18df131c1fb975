package io.unisights.beacon;

import java.nio.charset.StandardCharsets;

import static io.unisights.beacon.CompactJsonBytes.INTS;
import static io.unisights.beacon.CompactJsonBytes.LONGS;

/**
 * Bytes to find at a position, compared a word at a time: a key with its quotes and
 * colon, or the bytes the SDK writes between two values.
 */
final class Literal {

	final byte[] bytes;

	// Eight bytes and more: words at 0, 8, 16 ... and the last one ending at the end,
	// overlapping the one before. Four to seven: ints at 0 and ending at the end.
	private final long[] words;

	Literal(String text) {
		this.bytes = text.getBytes(StandardCharsets.ISO_8859_1);
		int length = this.bytes.length;
		if (length < 4) {
			this.words = new long[0];
		}
		else if (length < 8) {
			this.words = new long[] { (int) INTS.get(this.bytes, 0), (int) INTS.get(this.bytes, length - 4) };
		}
		else {
			this.words = new long[(length + 7) / 8];
			for (int i = 0; i < this.words.length; i++) {
				this.words[i] = (long) LONGS.get(this.bytes, Math.min(8 * i, length - 8));
			}
		}
	}

	boolean isAt(byte[] in, int at, int end) {
		int length = this.bytes.length;
		if (end - at < length) {
			return false;
		}
		long[] words = this.words;
		if (length >= 8) {
			int last = words.length - 1;
			for (int i = 0; i < last; i++) {
				if ((long) LONGS.get(in, at + 8 * i) != words[i]) {
					return false;
				}
			}
			return (long) LONGS.get(in, at + length - 8) == words[last];
		}
		if (length >= 4) {
			return (int) INTS.get(in, at) == words[0] && (int) INTS.get(in, at + length - 4) == words[1];
		}
		for (int i = 0; i < length; i++) {
			if (in[at + i] != this.bytes[i]) {
				return false;
			}
		}
		return true;
	}

}
