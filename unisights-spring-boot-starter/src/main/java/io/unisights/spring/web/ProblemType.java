package io.unisights.spring.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every reason an endpoint of the collector refuses a request. Each has a stable
 * {@linkplain #type() type URI} ({@code urn:unisights:problem:<slug>}) that clients can
 * switch on, and the HTTP status it is answered with.
 */
public enum ProblemType {

	/** The request had no body. */
	EMPTY_BODY("empty-body", HttpStatus.BAD_REQUEST, "Empty body"),

	/** The body is not well-formed JSON. */
	MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST, "Malformed JSON"),

	/** The body is larger than the endpoint accepts. */
	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),

	/**
	 * The body was still arriving when {@code unisights.body-timeout} ran out; the
	 * connection is closed.
	 */
	BODY_TIMEOUT("body-timeout", HttpStatus.REQUEST_TIMEOUT, "Request body timeout"),

	/** The body's media type is not one the endpoint reads. */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	/** A required field is absent. */
	MISSING_FIELD("missing-field", HttpStatus.UNPROCESSABLE_CONTENT, "Missing field"),

	/** A field has the wrong type or a value out of range. */
	INVALID_FIELD("invalid-field", HttpStatus.UNPROCESSABLE_CONTENT, "Invalid field"),

	/** An event names a type the collector does not know. */
	UNKNOWN_EVENT_TYPE("unknown-event-type", HttpStatus.UNPROCESSABLE_CONTENT, "Unknown event type"),

	/** An encrypted payload lacks a field needed to decrypt it. */
	ENCRYPTION_FIELDS_MISSING("encryption-fields-missing", HttpStatus.UNPROCESSABLE_CONTENT,
			"Encryption fields missing"),

	/** An encrypted payload's tag does not match: tampered, or made with another key. */
	NOT_AUTHENTIC("not-authentic", HttpStatus.UNPROCESSABLE_CONTENT, "Payload not authentic"),

	/** Ciphertext or tag is not valid base64. */
	MALFORMED_CIPHERTEXT("malformed-ciphertext", HttpStatus.UNPROCESSABLE_CONTENT, "Malformed ciphertext"),

	/** An authentic ciphertext decrypted to something that is not a JSON object. */
	DECRYPTED_NOT_JSON("decrypted-not-json", HttpStatus.UNPROCESSABLE_CONTENT, "Decrypted payload is not JSON"),

	/** An encrypted payload's time bucket is older than the collector accepts. */
	STALE_BUCKET("stale-bucket", HttpStatus.UNPROCESSABLE_CONTENT, "Stale time bucket"),

	/**
	 * A tracking link is invalid, tampered with, expired, signed with an unknown key, or
	 * redirects somewhere it may not; answered 404 so that nothing is revealed.
	 */
	TRACKING_LINK_NOT_FOUND("tracking-link-not-found", HttpStatus.NOT_FOUND, "Tracking link not found"),

	/** A request to the ingestion endpoint lacks a Standard Webhooks header. */
	SIGNATURE_HEADER_MISSING("signature-header-missing", HttpStatus.UNAUTHORIZED, "Signature header missing"),

	/** No signature of the request matches its body under any configured secret. */
	SIGNATURE_MISMATCH("signature-mismatch", HttpStatus.UNAUTHORIZED, "Signature mismatch"),

	/** The {@code webhook-timestamp} header is not whole seconds since the epoch. */
	MALFORMED_TIMESTAMP("malformed-timestamp", HttpStatus.UNAUTHORIZED, "Malformed timestamp"),

	/** The signed timestamp is further from the collector's clock than the tolerance. */
	TIMESTAMP_OUT_OF_TOLERANCE("timestamp-out-of-tolerance", HttpStatus.UNAUTHORIZED, "Timestamp out of tolerance"),

	/** A batch holds more events than the endpoint accepts. */
	BATCH_TOO_LARGE("batch-too-large", HttpStatus.CONTENT_TOO_LARGE, "Batch too large"),

	/** An event handler failed; the sender may retry. */
	HANDLER_FAILED("handler-failed", HttpStatus.INTERNAL_SERVER_ERROR, "Event handler failed"),

	/** The asynchronous delivery queue is full; the sender should retry after {@code Retry-After}. */
	QUEUE_FULL("queue-full", HttpStatus.SERVICE_UNAVAILABLE, "Delivery queue full"),

	/** The collector is shutting down; the sender should retry after {@code Retry-After}. */
	SHUTTING_DOWN("shutting-down", HttpStatus.SERVICE_UNAVAILABLE, "Collector shutting down");

	private static final String TYPE_PREFIX = "urn:unisights:problem:";

	private final String slug;

	private final HttpStatus status;

	private final String title;

	private final URI type;

	ProblemType(String slug, HttpStatus status, String title) {
		this.slug = slug;
		this.status = status;
		this.title = title;
		this.type = URI.create(TYPE_PREFIX + slug);
	}

	/**
	 * Short stable name of the reason, also sent as the problem's {@code reason} property.
	 * @return the slug, such as {@code payload-too-large}
	 */
	public String slug() {
		return this.slug;
	}

	/**
	 * HTTP status the reason is answered with.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

	/**
	 * Human-readable summary that does not change from occurrence to occurrence.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Stable problem type URI.
	 * @return {@code urn:unisights:problem:<slug>}
	 */
	public URI type() {
		return this.type;
	}

}
