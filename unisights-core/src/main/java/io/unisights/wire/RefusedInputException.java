package io.unisights.wire;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when input from outside (a request body, a link token) is refused. Each subclass
 * answers {@link #reason()} with its own enum of stable, machine-readable reasons;
 * {@link #field()} names the field at fault as a JSON path from the input's root, such as
 * {@code data.events[3].data.x}, when one field is at fault. Catch this type to handle every
 * refusal alike, or a subclass to switch on its typed reason.
 */
public abstract class RefusedInputException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why it failed: a constant of the subclass's own {@code Reason} enum. */
	private final Enum<?> reason;

	/** The JSON path of the field at fault, if any. */
	private final @Nullable String field;

	/**
	 * Creates the exception.
	 * @param reason why the input is refused, a constant of the subclass's own enum
	 * @param field the JSON path of the field at fault, or {@code null} when the input as a
	 * whole is at fault
	 * @param message what is wrong, for people; never key material
	 * @param cause the failure that revealed it, if any
	 */
	protected RefusedInputException(Enum<?> reason, @Nullable String field, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.field = field;
	}

	/**
	 * Returns why the input was refused, one constant of the subclass's own {@code Reason}
	 * enum (subclasses narrow the return type).
	 * @return the reason
	 */
	public Enum<?> reason() {
		return this.reason;
	}

	/**
	 * Returns the JSON path of the field at fault, when one is.
	 * @return the path, or {@code null} when the input as a whole is at fault
	 */
	public @Nullable String field() {
		return this.field;
	}

}
