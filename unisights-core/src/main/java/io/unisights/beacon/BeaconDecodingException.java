package io.unisights.beacon;

import io.unisights.wire.RefusedInputException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a request body is not an acceptable beacon. {@link #reason()} says why in a
 * stable, machine-readable way and {@link #field()} names the offending field as a JSON path
 * from the body's root, for example {@code data.events[3].data.x}.
 */
public final class BeaconDecodingException extends RefusedInputException {

	private static final long serialVersionUID = 1L;

	/** Why a body was refused. */
	public enum Reason {

		/** The body is empty. */
		EMPTY_BODY,

		/** The body (or, for a plain beacon, its text) is not a JSON object. */
		MALFORMED_JSON,

		/** A required field is absent or {@code null}. */
		MISSING_FIELD,

		/** A field has the wrong type or a value out of range. */
		INVALID_FIELD,

		/** An event's {@code type} is not one the SDK sends (schema validation on). */
		UNKNOWN_EVENT_TYPE,

		/** The body says it is encrypted but lacks a field decryption needs. */
		ENCRYPTION_FIELDS_MISSING,

		/** The authentication tag does not match: tampered, or the wrong key. */
		NOT_AUTHENTIC,

		/** The ciphertext or tag is not valid base64. */
		MALFORMED_CIPHERTEXT,

		/** The ciphertext is authentic but its plaintext is not a JSON object. */
		DECRYPTED_NOT_JSON,

		/** The time bucket the key was derived from is older (or newer) than allowed. */
		STALE_BUCKET

	}

	BeaconDecodingException(Reason reason, @Nullable String field, String message, @Nullable Throwable cause) {
		super(reason, field, message, cause);
	}

	/**
	 * Returns why the body was refused.
	 * @return the reason
	 */
	@Override
	public Reason reason() {
		// Every constructor takes a Reason.
		return (Reason) super.reason();
	}

}
