package io.unisights.spring;

import org.jspecify.annotations.Nullable;

/**
 * Whether a request looks machine-made, and why. Every request's user agent is classified
 * once ({@link RequestContext#automation()}, the same on every channel); email opens and
 * clicks add what only they show (the method, mail proxies, timing) in their own
 * {@code automation()}. The collector classifies and, unless
 * {@code unisights.beacon.automation=drop}, never drops: every item reaches the handlers,
 * which decide what counts.
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
		TOO_FAST("too-fast"),

		/**
		 * A crawler that declares itself: search engines (Googlebot, Bingbot), AI crawlers
		 * (GPTBot, ClaudeBot), link previewers and SEO tools.
		 */
		CRAWLER("crawler"),

		/** An uptime or performance monitor, health check or probe (UptimeRobot, Pingdom, kube-probe). */
		MONITOR("monitor"),

		/** A headless browser (HeadlessChrome, as Puppeteer and Playwright launch it, PhantomJS). */
		HEADLESS_BROWSER("headless-browser"),

		/** An HTTP library or command-line client (curl, python-requests, Go, Java, axios). */
		HTTP_LIBRARY("http-library"),

		/**
		 * A beacon whose SDK {@code device_info} contradicts the request's header: another
		 * {@code user_agent} than the {@code User-Agent} header, or an operating system
		 * (read by the SDK from {@code navigator.platform}) that the header denies, as
		 * when a script sets a browser's user agent but not its platform.
		 */
		DEVICE_MISMATCH("device-mismatch");

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

		/**
		 * Reads a wire name.
		 * @param wireName a wire name, such as {@code crawler}
		 * @return the reason, or {@code null} if this version knows no such reason
		 */
		public static @Nullable Reason fromWireName(String wireName) {
			return WireNames.find(values(), Reason::wireName, wireName).orElse(null);
		}

	}

}
