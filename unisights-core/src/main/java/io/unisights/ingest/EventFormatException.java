package io.unisights.ingest;

import io.unisights.wire.RefusedInputException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a request body is not an acceptable event or batch of events.
 * {@link #reason()} says why in a stable, machine-readable way and {@link #field()} names
 * the offending field as a JSON path from the body's root, for example
 * {@code events[3].occurred_at}.
 */
public final class EventFormatException extends RefusedInputException {

	private static final long serialVersionUID = 1L;

	/** Why a body was refused. */
	public enum Reason {

		/** The body is empty or blank. */
		EMPTY_BODY,

		/** The body is not a JSON object. */
		MALFORMED_JSON,

		/** A required field is absent or {@code null}. */
		MISSING_FIELD,

		/** A field has the wrong type or an unacceptable value. */
		INVALID_FIELD,

		/** A batch holds more events than the receiver accepts. */
		BATCH_TOO_LARGE

	}

	EventFormatException(Reason reason, @Nullable String field, String message, @Nullable Throwable cause) {
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
