package io.unisights.ingest;

/**
 * Thrown when a request's Standard Webhooks headers do not authenticate its body.
 * {@link #reason()} says why; the message names the header at fault and never contains a
 * secret or an expected signature.
 */
public final class WebhookVerificationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why it failed. */
	private final Reason reason;

	WebhookVerificationException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Returns why verification failed.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/** Why verification failed. */
	public enum Reason {

		/** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent. */
		MISSING_HEADER,

		/** {@code webhook-timestamp} is not a whole number of seconds since the epoch. */
		MALFORMED_TIMESTAMP,

		/**
		 * {@code webhook-timestamp} is further from the receiver's clock than the tolerance:
		 * a replayed request, or a sender whose clock is badly off.
		 */
		TIMESTAMP_OUT_OF_TOLERANCE,

		/** No {@code v1} signature in {@code webhook-signature} matches any configured secret. */
		NO_MATCHING_SIGNATURE

	}

}
