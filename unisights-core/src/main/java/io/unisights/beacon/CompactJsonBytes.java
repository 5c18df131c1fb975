package io.unisights.beacon;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A position in JSON as the browser SDK writes it ({@code JSON.stringify} or serde output:
 * ASCII text, short numbers), and the reads of one string, name, number or literal there,
 * straight from the bytes and a word at a time where it pays. The readers built on it differ
 * in what decides the next read: {@link CompactJsonTokens} follows JSON's grammar token by
 * token, {@link SdkLayoutReader} expects the SDK's bytes where the SDK writes them.
 * <p>
 * Every read takes a strict subset of JSON and gives up ({@link BeaconStreamReader.GiveUp})
 * on anything else: a raw non-ASCII or control byte, an escape in a name, a number longer
 * than 24 characters or an integer beyond 18 digits. Giving up is always safe: the same
 * bytes are then read by a more general reader. Within the subset every value is exactly
 * Jackson's (strings decoded the same way, doubles correctly rounded), which the readers'
 * tests hold them to.
 */
class CompactJsonBytes {

	// First: the tables below are built with them.
	/** Eight or four bytes of an array in one load, to compare keys and values a word at a time. */
	static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	/** How many kinds of value {@link #text(int)} remembers. */
	static final int REPEAT_SLOTS = 6;

	static final int MAX_NUMBER_LENGTH = 24;

	/** Doubles up to 2^53 and powers of ten up to 1e22 are exact: one division rounds correctly. */
	private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
			1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	/** The SDK's keys, so that a key costs a lookup and no allocation. */
	private static final Interned NAMES = new Interned("encrypted", "data", "asset_id", "session_id", "page_url",
			"entry_page", "exit_page", "utm_params", "device_info", "events", "scroll_depth", "time_on_page", "type",
			"user_agent", "platform", "os", "screen_width", "screen_height", "device_type", "referrer", "utm_source",
			"utm_medium", "utm_campaign", "utm_term", "utm_content", "location", "title", "timestamp", "x", "y",
			"name", "value", "id", "rating", "delta", "entries", "navigation_type", "message", "source", "lineno",
			"colno", "tag", "bucket", "site_id", "ua_hash");

	/** Values the SDK repeats in every batch: event types, metric names, ratings and the like. */
	private static final Interned VALUES = new Interned("page_view", "click", "web_vital", "custom", "error", "FCP",
			"LCP", "CLS", "INP", "TTFB", "FID", "good", "needs-improvement", "poor", "navigate", "reload",
			"back-forward", "back-forward-cache", "prerender", "restore", "Desktop", "Mobile", "Tablet", "direct");

	/**
	 * Bytes that stand for themselves in a string and are printable: ASCII from the space to
	 * the tilde but the quote and backslash. DEL stands for itself too, but is not printable.
	 */
	private static final boolean[] ORDINARY = new boolean[256];

	static {
		for (int b = ' '; b < 0x7F; b++) {
			ORDINARY[b] = b != '"' && b != '\\';
		}
	}

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	// The literals' last four bytes (the first was the byte that chose the literal).
	static final int TRUE = lastFour("true");

	static final int ALSE = lastFour("alse");

	static final int NULL = lastFour("null");

	final byte[] in;

	final int end;

	int pos;

	/** Where the text of the last string read is, escapes as sent. */
	int textStart;

	int textEnd;

	boolean textEscaped;

	/** The last string was read as it stands and holds printable ASCII alone. */
	boolean textPrintable;

	// Per slot, the last value and where its text is in the input; made at the first use, as
	// a reader that only looks at a body's form never needs them.
	private @Nullable String @Nullable [] repeatValue;

	private int[] repeatStart = new int[0];

	private int[] repeatEnd = new int[0];

	/** The last {@link #text(int)} answered the slot's earlier value. */
	boolean repeat;

	/** The last number read was an integer (no fraction, no exponent), in {@link #integer}. */
	boolean integral;

	long integer;

	/** The last number read, where it was not {@link #integral}. */
	double fraction;

	CompactJsonBytes(byte[] in, int pos) {
		this.in = in;
		this.end = in.length;
		this.pos = pos;
	}

	/** The text of the last string read. */
	final String text() {
		if (this.textEscaped) {
			return unescape(this.textStart, this.textEnd);
		}
		String interned = VALUES.find(this.in, this.textStart, this.textEnd);
		return (interned != null) ? interned
				: new String(this.in, this.textStart, this.textEnd - this.textStart, StandardCharsets.ISO_8859_1);
	}

	/**
	 * A batch repeats its page's title and URL, event names, messages and sources: where the
	 * last string's text (escapes as sent) is the same bytes as the slot's last value, that
	 * instance is answered and {@link #repeat} set, which costs a comparison instead of a
	 * copy, an allocation and the checks the value passed.
	 */
	final String text(int slot) {
		int start = this.textStart;
		int stop = this.textEnd;
		if (this.repeatValue == null) {
			this.repeatValue = new String[REPEAT_SLOTS];
			this.repeatStart = new int[REPEAT_SLOTS];
			this.repeatEnd = new int[REPEAT_SLOTS];
		}
		String previous = this.repeatValue[slot];
		int previousStart = this.repeatStart[slot];
		if (previous != null && this.repeatEnd[slot] - previousStart == stop - start
				&& Arrays.equals(this.in, previousStart, this.repeatEnd[slot], this.in, start, stop)) {
			this.repeat = true;
			return previous;
		}
		this.repeat = false;
		String value = text();
		this.repeatValue[slot] = value;
		this.repeatStart[slot] = start;
		this.repeatEnd[slot] = stop;
		return value;
	}

	/** Reads a name whose opening quote is at the position, to its closing quote. */
	final String readName() {
		require(this.pos < this.end && this.in[this.pos] == '"');
		byte[] in = this.in;
		int start = this.pos + 1;
		int at = start;
		while (at < this.end) {
			byte b = in[at];
			if (b == '"') {
				this.pos = at + 1;
				String known = NAMES.lookUp(in, start, at);
				return (known != null) ? known : new String(in, start, at - start, StandardCharsets.ISO_8859_1);
			}
			// Escapes, control bytes and non-ASCII (negative) in a key: Jackson's to read.
			if (b < ' ' || b == '\\') {
				break;
			}
			at++;
		}
		throw giveUp();
	}

	/** Reads the string whose opening quote is at the position; {@link #text()} then makes it. */
	final void readString() {
		byte[] in = this.in;
		int end = this.end;
		int at = this.pos + 1;
		boolean escaped = false;
		boolean delete = false;
		while (true) {
			// Eight bytes at a time up to the first that is not ordinary.
			if (at + 8 <= end) {
				long special = notOrdinary((long) LONGS.get(in, at));
				if (special == 0) {
					at += 8;
					continue;
				}
				at += Long.numberOfTrailingZeros(special) >>> 3;
			}
			else if (at >= end) {
				throw giveUp();
			}
			byte b = in[at];
			if (ORDINARY[b & 0xFF]) {
				at++;
				continue;
			}
			if (b == '"') {
				break;
			}
			if (b == 0x7F) {
				delete = true;
				at++;
				continue;
			}
			if (b != '\\') {
				// A control byte, or non-ASCII: Jackson's to read.
				throw giveUp();
			}
			escaped = true;
			at = escapeEnd(at);
		}
		this.textStart = this.pos + 1;
		this.textEnd = at;
		this.textEscaped = escaped;
		this.textPrintable = !escaped && !delete;
		this.pos = at + 1;
	}

	/**
	 * The high bit of each byte of the word (read little-endian) that is not
	 * {@link #ORDINARY}: a quote, a backslash, DEL, below the space or beyond ASCII. A
	 * borrow can only carry upwards from a byte that is flagged rightly, so the lowest flag
	 * is always right, and no byte that is not ordinary goes unflagged.
	 */
	private static long notOrdinary(long word) {
		long quote = word ^ (ONES * '"');
		long backslash = word ^ (ONES * '\\');
		long delete = word ^ (ONES * 0x7F);
		return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((delete - ONES) & ~delete)
				| ((word - ONES * ' ') & ~word) | word) & HIGH_BITS;
	}

	/** Checks the escape at {@code at}; returns the index after it. */
	private int escapeEnd(int at) {
		require(at + 1 < this.end);
		byte kind = this.in[at + 1];
		if (kind == 'u') {
			require(at + 5 < this.end);
			for (int i = at + 2; i < at + 6; i++) {
				require(Character.digit(this.in[i], 16) >= 0);
			}
			return at + 6;
		}
		require(kind == '"' || kind == '\\' || kind == '/' || kind == 'b' || kind == 'f' || kind == 'n'
				|| kind == 'r' || kind == 't');
		return at + 2;
	}

	private String unescape(int start, int stop) {
		// Escapes only shorten: the text fits in the escaped length.
		byte[] text = new byte[stop - start];
		int length = 0;
		for (int i = start; i < stop; i++) {
			byte b = this.in[i];
			if (b != '\\') {
				text[length++] = b;
				continue;
			}
			byte kind = this.in[++i];
			switch (kind) {
				case 'b' -> text[length++] = '\b';
				case 'f' -> text[length++] = '\f';
				case 'n' -> text[length++] = '\n';
				case 'r' -> text[length++] = '\r';
				case 't' -> text[length++] = '\t';
				case 'u' -> {
					int code = 0;
					for (int j = i + 1; j <= i + 4; j++) {
						code = (code << 4) | Character.digit(this.in[j], 16);
					}
					if (code >= 0x80) {
						return unescapeToChars(start, stop);
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
	private String unescapeToChars(int start, int stop) {
		StringBuilder text = new StringBuilder(stop - start);
		for (int i = start; i < stop; i++) {
			byte b = this.in[i];
			if (b != '\\') {
				text.append((char) b);
				continue;
			}
			byte kind = this.in[++i];
			switch (kind) {
				case 'b' -> text.append('\b');
				case 'f' -> text.append('\f');
				case 'n' -> text.append('\n');
				case 'r' -> text.append('\r');
				case 't' -> text.append('\t');
				case 'u' -> {
					int code = 0;
					for (int j = i + 1; j <= i + 4; j++) {
						code = (code << 4) | Character.digit(this.in[j], 16);
					}
					text.append((char) code);
					i += 4;
				}
				default -> text.append((char) kind);
			}
		}
		return text.toString();
	}

	/** Reads {@code true}, {@code false} or {@code null}, whose last four bytes are {@code word}. */
	final void literal(int length, int word) {
		require(this.pos + length <= this.end && (int) INTS.get(this.in, this.pos + length - 4) == word);
		this.pos += length;
	}

	private static int lastFour(String fourBytes) {
		return (int) INTS.get(fourBytes.getBytes(StandardCharsets.ISO_8859_1), 0);
	}

	/**
	 * Reads a number in JSON's grammar, {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?},
	 * into {@link #integer} or {@link #fraction}.
	 * @return whether it is an integer ({@link #integral})
	 */
	final boolean readNumber() {
		byte[] in = this.in;
		int end = this.end;
		int start = this.pos;
		int at = start;
		boolean negative = at < end && in[at] == '-';
		if (negative) {
			at++;
		}
		int digitsStart = at;
		long mantissa = 0;
		// Eight digits at a time (a timestamp has thirteen), then one at a time. Digits beyond
		// what a long holds only ever feed the paths below that do not use the mantissa.
		while (at + 8 <= end) {
			long word = (long) LONGS.get(in, at);
			if (!isEightDigits(word)) {
				break;
			}
			mantissa = mantissa * 100_000_000 + eightDigits(word);
			at += 8;
		}
		while (at < end && isDigit(in[at])) {
			mantissa = mantissa * 10 + (in[at] - '0');
			at++;
		}
		int intDigits = at - digitsStart;
		require(intDigits > 0 && (intDigits == 1 || in[digitsStart] != '0'));
		int fractionDigits = 0;
		if (at < end && in[at] == '.') {
			at++;
			int fractionStart = at;
			while (at < end && isDigit(in[at])) {
				mantissa = mantissa * 10 + (in[at] - '0');
				at++;
			}
			fractionDigits = at - fractionStart;
			require(fractionDigits > 0);
		}
		boolean hasExponent = at < end && (in[at] == 'e' || in[at] == 'E');
		int exponent = 0;
		if (hasExponent) {
			at++;
			boolean negativeExponent = at < end && in[at] == '-';
			if (at < end && (in[at] == '-' || in[at] == '+')) {
				at++;
			}
			int exponentStart = at;
			while (at < end && isDigit(in[at]) && at - exponentStart < 4) {
				exponent = exponent * 10 + (in[at] - '0');
				at++;
			}
			require(at > exponentStart && (at == end || !isDigit(in[at])));
			exponent = negativeExponent ? -exponent : exponent;
		}
		require(at - start <= MAX_NUMBER_LENGTH);
		this.pos = at;
		int digits = intDigits + fractionDigits;
		if (fractionDigits == 0 && !hasExponent) {
			// At most 18 digits cannot overflow a long; longer ones are Jackson's.
			require(digits <= 18);
			this.integral = true;
			this.integer = negative ? -mantissa : mantissa;
			return true;
		}
		this.integral = false;
		int scale = exponent - fractionDigits;
		if (digits <= 15 && scale >= -22 && scale <= 22) {
			// Both operands exact: the one rounding is the correct one, as Double.parseDouble's.
			double value = (scale < 0) ? mantissa / POWERS_OF_TEN[-scale] : mantissa * POWERS_OF_TEN[scale];
			this.fraction = negative ? -value : value;
			return false;
		}
		this.fraction = Double.parseDouble(new String(in, start, at - start, StandardCharsets.ISO_8859_1));
		return false;
	}

	/** The last number read, as a double. */
	final double numberValue() {
		return this.integral ? this.integer : this.fraction;
	}

	/** Whether all eight bytes of the word are ASCII digits. */
	private static boolean isEightDigits(long word) {
		// Each byte 0x30-0x39: high nibble 3, and adding 6 does not carry out of the low nibble.
		return ((word & 0xF0F0F0F0F0F0F0F0L) | (((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
				== 0x3333333333333333L;
	}

	/** The value of eight ASCII digits read little-endian (the first digit in the lowest byte). */
	private static long eightDigits(long word) {
		// Pairs of digits, then fours, then all eight: each step adds the higher group times
		// its power of ten to the lower one, in place.
		long value = ((word & 0x0F0F0F0F0F0F0F0FL) * 2561) >>> 8;
		value = ((value & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
		return ((value & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	static void require(boolean condition) {
		if (!condition) {
			throw giveUp();
		}
	}

	static BeaconStreamReader.GiveUp giveUp() {
		return BeaconStreamReader.GiveUp.INSTANCE;
	}

	/**
	 * Bytes to find at a position, compared a word at a time: a key with its quotes and
	 * colon, or the bytes the SDK writes between two values.
	 */
	static final class Literal {

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

	/**
	 * A fixed set of ASCII strings, found by their bytes without allocating: a string of up
	 * to 24 bytes is its length and two or three words (overlapping where it is not a
	 * multiple of eight), hashed and compared as such, with no loop over its bytes.
	 */
	private static final class Interned {

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

}
