package io.unisights.beacon;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A position in JSON as the browser SDK writes it ({@code JSON.stringify} or serde output:
 * ASCII keys, text raw or escaped, short numbers), and the reads of one string, name,
 * number or literal there, straight from the bytes and a word at a time where it pays.
 * {@link SdkLayoutReader} expects the SDK's bytes where the SDK writes them with these
 * reads; {@link CompactJsonTokens} follows JSON's grammar with them token by token, for the
 * objects whose key order the SDK leaves to a map.
 * <p>
 * Every read takes a strict subset of JSON and gives up ({@link GiveUp}) on anything else:
 * a raw control byte, UTF-8 that is not well-formed, an escape beside raw UTF-8 in one
 * string, an escape or non-ASCII in a name, a number longer than 24 characters or an
 * integer beyond 18 digits. Giving up is always safe: the same bytes are then read by
 * the tree reader. Within the subset every value is exactly Jackson's (strings decoded the
 * same way, doubles correctly rounded), which the readers' tests hold them to.
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

	/**
	 * The SDK's keys, so that a key costs a lookup and no allocation: those of the bodies
	 * and event wrappers, and every key {@link WireKeys} declares.
	 */
	private static final Interned NAMES = new Interned(names());

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

	/** The last string holds UTF-8 beyond ASCII, checked to be well-formed. */
	boolean textUtf8;

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
			return JsonStrings.unescape(this.in, this.textStart, this.textEnd);
		}
		if (this.textUtf8) {
			return new String(this.in, this.textStart, this.textEnd - this.textStart, StandardCharsets.UTF_8);
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
		boolean utf8 = false;
		boolean delete = false;
		while (true) {
			// Eight bytes at a time up to the first that is not ordinary.
			if (at + 8 <= end) {
				long special = ByteWords.notOrdinary((long) LONGS.get(in, at));
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
			if (b < 0) {
				// Text beyond ASCII, which JSON.stringify and serde write as raw UTF-8.
				utf8 = true;
				at = JsonStrings.utf8End(in, at, end);
				continue;
			}
			if (b != '\\') {
				// A control byte: Jackson's to refuse.
				throw giveUp();
			}
			escaped = true;
			at = JsonStrings.escapeEnd(in, at, end);
		}
		this.textStart = this.pos + 1;
		this.textEnd = at;
		// Both at once is rare enough for Jackson: the unescaping reads bytes as Latin-1.
		require(!(escaped && utf8));
		this.textEscaped = escaped;
		this.textUtf8 = utf8;
		this.textPrintable = !escaped && !utf8 && !delete;
		this.pos = at + 1;
	}

	/** Reads {@code true}, {@code false} or {@code null}, whose last four bytes are {@code word}. */
	final void literal(int length, int word) {
		require(this.pos + length <= this.end && (int) INTS.get(this.in, this.pos + length - 4) == word);
		this.pos += length;
	}

	private static String[] names() {
		Set<String> names = new LinkedHashSet<>(List.of("encrypted", "data", "type", "tag", "bucket", "site_id",
				"ua_hash", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"));
		for (WireKeys.Table<?> table : List.of(WireKeys.PAYLOAD, WireKeys.DEVICE, WireKeys.PAGE_VIEW, WireKeys.CLICK,
				WireKeys.WEB_VITAL, WireKeys.CUSTOM, WireKeys.ERROR)) {
			names.addAll(table.names());
		}
		return names.toArray(String[]::new);
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
			if (!ByteWords.isEightDigits(word)) {
				break;
			}
			mantissa = mantissa * 100_000_000 + ByteWords.eightDigits(word);
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

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	static void require(boolean condition) {
		if (!condition) {
			throw giveUp();
		}
	}

	static GiveUp giveUp() {
		return GiveUp.INSTANCE;
	}

	/** Leaves the input to the tree reader; preallocated, as it carries nothing. */
	static final class GiveUp extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final GiveUp INSTANCE = new GiveUp();

		private GiveUp() {
			super(null, null, false, false);
		}

	}

}
