package io.unisights.tracking;

/**
 * Thrown when a tracking link would be longer than the configured maximum, which mail
 * clients and some servers truncate or refuse. Shorten the metadata or the target URL,
 * or raise the maximum if every hop is known to accept longer URLs.
 */
public final class TrackingLinkTooLongException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** The length of the refused link. */
	private final int length;

	/** The longest link allowed. */
	private final int maxLength;

	TrackingLinkTooLongException(int length, int maxLength) {
		super("Tracking link would be " + length + " characters, over the maximum of " + maxLength
				+ "; shorten the metadata or the target URL, or raise the maximum link length");
		this.length = length;
		this.maxLength = maxLength;
	}

	/**
	 * Returns the length the link would have had.
	 * @return the length in characters
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Returns the configured maximum.
	 * @return the maximum length in characters
	 */
	public int maxLength() {
		return this.maxLength;
	}

}
