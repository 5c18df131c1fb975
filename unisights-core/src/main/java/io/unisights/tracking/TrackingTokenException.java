package io.unisights.tracking;

import io.unisights.wire.RefusedInputException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a token is not an acceptable tracking link. {@link #reason()} says why in a
 * stable, machine-readable way; {@link #field()} names the payload field at fault when
 * there is one (for example {@code url}). Messages never contain key material.
 */
public final class TrackingTokenException extends RefusedInputException {

	private static final long serialVersionUID = 1L;

	/** Why a token was refused. */
	public enum Reason {

		/** Not a token of any known format, bad alphabet or truncated. */
		MALFORMED,

		/** A native token of a version this library does not read. */
		UNSUPPORTED_VERSION,

		/** Signed with a key that is not configured (or no key of that format is configured). */
		UNKNOWN_KEY,

		/** The signature does not match: forged, altered, or made with another key. */
		BAD_SIGNATURE,

		/** The token's expiry has passed. */
		EXPIRED,

		/** The token is authentic but its content is not a valid tracking payload. */
		MALFORMED_PAYLOAD,

		/** An open token used as a click link, or the reverse. */
		WRONG_KIND,

		/** A click target that is not an absolute http or https URL. */
		DISALLOWED_TARGET,

		/** An unsigned pytracking link while accepting them is switched off. */
		UNSIGNED_NOT_ACCEPTED

	}

	TrackingTokenException(Reason reason, String message) {
		this(reason, null, message, null);
	}

	TrackingTokenException(Reason reason, @Nullable String field, String message, @Nullable Throwable cause) {
		super(reason, field, message, cause);
	}

	/**
	 * Returns why the token was refused.
	 * @return the reason
	 */
	@Override
	public Reason reason() {
		// Every constructor takes a Reason.
		return (Reason) super.reason();
	}

}
