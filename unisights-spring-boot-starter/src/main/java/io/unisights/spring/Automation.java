package io.unisights.spring;

import org.jspecify.annotations.Nullable;

/**
 * Whether an email open or click looks machine-made, and why. The collector classifies
 * and never drops: every open and click reaches the handlers, which decide what counts.
 *
 * @param automated whether the request looks machine-made
 * @param reason why, when it does
 */
public record Automation(boolean automated, @Nullable Reason reason) {

	/** Nothing suggests a machine made the request. */
	public static final Automation NONE = new Automation(false, null);

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public Automation {
		if (automated != (reason != null)) {
			throw new IllegalArgumentException("An automated request needs a reason, and only then");
		}
	}

	/**
	 * Classifies a request as machine-made.
	 * @param reason why
	 * @return the classification
	 */
	public static Automation because(Reason reason) {
		return new Automation(true, reason);
	}

	/** Why a request looks machine-made. */
	public enum Reason {

		/** A {@code HEAD} request: link checkers and pre-fetchers, never a person. */
		HEAD_REQUEST("head-request"),

		/**
		 * A mail provider's image proxy (Gmail's GoogleImageProxy, Yahoo's, Apple Mail
		 * Privacy Protection), which loads images when mail arrives or is opened.
		 */
		MAIL_PROXY("mail-proxy"),

		/** A security scanner, link previewer or HTTP library that follows links before people do. */
		SECURITY_SCANNER("security-scanner"),

		/** No {@code User-Agent} header: browsers and mail clients always send one. */
		NO_USER_AGENT("no-user-agent"),

		/** A click within seconds of the link being minted, faster than a person reads. */
		TOO_FAST("too-fast");

		private final String wireName;

		Reason(String wireName) {
			this.wireName = wireName;
		}

		/**
		 * Lower-case name used on the wire and in metric tags.
		 * @return the wire name, such as {@code mail-proxy}
		 */
		public String wireName() {
			return this.wireName;
		}

	}

}
