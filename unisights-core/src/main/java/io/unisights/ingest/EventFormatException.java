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

	/** Why it failed. */
	private final Reason reason;

	EventFormatException(Reason reason, @Nullable String field, String message) {
		this(reason, field, message, null);
	}

	EventFormatException(Reason reason, @Nullable String field, String message, @Nullable Throwable cause) {
		super(field, message, cause);
		this.reason = reason;
	}

	/** A refusal of one field: the message is the field's path, then the problem. */
	static EventFormatException ofField(Reason reason, String field, String problem) {
		return new EventFormatException(reason, field, describe(field, problem), null);
	}

	/**
	 * Returns why the body was refused.
	 * @return the reason
	 */
	@Override
	public Reason reason() {
		return this.reason;
	}

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

}
