package io.unisights.beacon;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The JSON a {@link BeaconDecoder} read a beacon from: the request body of a plain beacon,
 * or the decrypted plaintext (the payload object) of an encrypted one. Keep it to read the
 * beacon again later with {@link BeaconDecoder#readAgain(BeaconSource)}, which costs what
 * the first decode cost: no tree of the payload is built or written in between.
 * <p>
 * A source holds personal data as sent (user agents, URLs); {@link #toString()} shows its
 * form and size only. Two sources are equal when their form and bytes are.
 */
public final class BeaconSource {

	/** Which JSON a source holds. */
	public enum Form {

		/** A whole plain request body: {@code {"encrypted": false, "data": {...}}}. */
		BODY,

		/** A decrypted plaintext: the payload object itself, {@code {"asset_id": ...}}. */
		PLAINTEXT

	}

	private final Form form;

	private final byte[] json;

	/** Shares the array: the decoder hands over a body or plaintext nobody writes to again. */
	BeaconSource(Form form, byte[] json) {
		this.form = form;
		this.json = json;
	}

	/**
	 * Creates a source from JSON kept elsewhere, such as a stored copy.
	 * @param form which JSON the bytes are
	 * @param json the bytes, copied
	 * @return the source
	 */
	public static BeaconSource of(Form form, byte[] json) {
		return new BeaconSource(form, json.clone());
	}

	/**
	 * Creates a source from the remaining bytes of a buffer, such as the tail of a stored
	 * record.
	 * @param form which JSON the bytes are
	 * @param json the bytes from its position to its limit, copied; the position moves to
	 * the limit
	 * @return the source
	 */
	public static BeaconSource of(Form form, ByteBuffer json) {
		byte[] bytes = new byte[json.remaining()];
		json.get(bytes);
		return new BeaconSource(form, bytes);
	}

	/**
	 * Which JSON this source holds.
	 * @return the form
	 */
	public Form form() {
		return this.form;
	}

	/**
	 * Length of the JSON.
	 * @return the number of bytes
	 */
	public int size() {
		return this.json.length;
	}

	/**
	 * The JSON, without a copy.
	 * @return a read-only buffer over the bytes, positioned at the first
	 */
	public ByteBuffer bytes() {
		return ByteBuffer.wrap(this.json).asReadOnlyBuffer();
	}

	byte[] json() {
		return this.json;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof BeaconSource source && this.form == source.form
				&& Arrays.equals(this.json, source.json));
	}

	@Override
	public int hashCode() {
		return 31 * this.form.hashCode() + Arrays.hashCode(this.json);
	}

	@Override
	public String toString() {
		return "BeaconSource[" + this.form + ", " + this.json.length + " bytes]";
	}

}
