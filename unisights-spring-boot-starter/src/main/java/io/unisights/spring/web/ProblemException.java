package io.unisights.spring.web;

import org.jspecify.annotations.Nullable;

/**
 * Refusal of a request by one of the collector's endpoints, answered as RFC 9457
 * {@code application/problem+json} naming the reason and, when known, the failing field.
 */
public class ProblemException extends RuntimeException {

	/** The problem reported to the client. */
	private final ProblemType problemType;

	/** The JSON path of the field at fault, if any. */
	private final @Nullable String field;

	/**
	 * Creates a refusal.
	 * @param problemType why the request is refused
	 * @param field JSON path of the failing field, if the refusal is about one
	 * @param detail explanation specific to this occurrence; must not contain secrets
	 */
	public ProblemException(ProblemType problemType, @Nullable String field, String detail) {
		this(problemType, field, detail, null);
	}

	/**
	 * Creates a refusal caused by another exception.
	 * @param problemType why the request is refused
	 * @param field JSON path of the failing field, if the refusal is about one
	 * @param detail explanation specific to this occurrence; must not contain secrets
	 * @param cause the underlying failure, if any
	 */
	public ProblemException(ProblemType problemType, @Nullable String field, String detail,
			@Nullable Throwable cause) {
		super(detail, cause);
		this.problemType = problemType;
		this.field = field;
	}

	/**
	 * Why the request is refused.
	 * @return the problem type
	 */
	public ProblemType getProblemType() {
		return this.problemType;
	}

	/**
	 * JSON path of the failing field.
	 * @return the path, or {@code null} if the refusal is not about one field
	 */
	public @Nullable String getField() {
		return this.field;
	}

}
