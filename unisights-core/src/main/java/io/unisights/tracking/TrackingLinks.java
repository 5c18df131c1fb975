package io.unisights.tracking;

import java.util.Locale;
import java.util.Objects;

import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the open-pixel and click-redirect URLs of outgoing email under a public base URL,
 * and rewrites whole HTML messages. Immutable and thread-safe.
 *
 * <pre>{@code
 * TrackingLinks links = TrackingLinks.builder(codec).baseUrl("https://mail.example.com").build();
 * String html = links.rewriteHtml(template, metadata);          // every link tracked, pixel added
 * String pixel = links.openUrl(metadata);                        // https://mail.example.com/t/open/<token>
 * String link = links.clickUrl("https://shop.example.com", metadata);
 * }</pre>
 */
public final class TrackingLinks {

	/** Link length mail clients and servers reliably keep intact. */
	public static final int DEFAULT_MAX_LINK_LENGTH = 2000;

	/** Attribute that keeps an {@code <a>} element's link untouched by {@link #rewriteHtml}. */
	public static final String DEFAULT_OPT_OUT_ATTRIBUTE = "data-unisights-notrack";

	private final TrackingCodec codec;

	private final String openPrefix;

	private final String clickPrefix;

	private final int maxLinkLength;

	private final HtmlLinkRewriter rewriter;

	private TrackingLinks(Builder builder, String baseUrl) {
		this.codec = builder.codec;
		this.openPrefix = baseUrl + builder.openPath + "/";
		this.clickPrefix = baseUrl + builder.clickPath + "/";
		this.maxLinkLength = builder.maxLinkLength;
		this.rewriter = new HtmlLinkRewriter(this, builder.optOutAttribute);
	}

	/**
	 * Starts a builder.
	 * @param codec the codec that mints tokens; it must have a key
	 * @return a builder
	 */
	public static Builder builder(TrackingCodec codec) {
		return new Builder(codec);
	}

	/**
	 * Builds the URL of an open pixel.
	 * @param metadata what the open should report
	 * @return the absolute URL
	 * @throws TrackingLinkTooLongException if the URL would exceed the maximum length
	 */
	public String openUrl(ObjectNode metadata) {
		return link(this.openPrefix, this.codec.encodeOpen(metadata));
	}

	/**
	 * Builds the URL of a click redirect.
	 * @param targetUrl absolute http(s) URL the recipient is sent to
	 * @param metadata what the click should report
	 * @return the absolute URL
	 * @throws IllegalArgumentException if the target is not an absolute http(s) URL
	 * @throws TrackingLinkTooLongException if the URL would exceed the maximum length
	 */
	public String clickUrl(String targetUrl, ObjectNode metadata) {
		return link(this.clickPrefix, this.codec.encodeClick(targetUrl, metadata));
	}

	/**
	 * Rewrites an HTML message: every {@code http}/{@code https} {@code <a href>} becomes a
	 * click link carrying {@code metadata}, and an open pixel is added at the end of the
	 * body. {@code mailto:}, {@code tel:}, fragment and relative links, links that are
	 * already tracking links, and links whose {@code <a>} carries the opt-out attribute are
	 * left alone. Everything else (doctype, meta charset, comments including Outlook's
	 * conditional comments, whitespace, entities) is kept character for character.
	 * @param html the message
	 * @param metadata what every open and click of this message should report
	 * @return the rewritten message
	 * @throws TrackingLinkTooLongException if one of the links would exceed the maximum
	 */
	public String rewriteHtml(String html, ObjectNode metadata) {
		return this.rewriter.rewrite(html, metadata);
	}

	/**
	 * Whether a URL is already one of these tracking links.
	 * @param url an absolute URL
	 * @return whether it points at this open or click endpoint
	 */
	public boolean isTrackingLink(String url) {
		return startsWithIgnoringSchemeAndHostCase(url, this.clickPrefix)
				|| startsWithIgnoringSchemeAndHostCase(url, this.openPrefix);
	}

	private static boolean startsWithIgnoringSchemeAndHostCase(String url, String prefix) {
		return url.regionMatches(true, 0, prefix, 0, prefix.length());
	}

	private String link(String prefix, String token) {
		int length = prefix.length() + token.length();
		if (length > this.maxLinkLength) {
			throw new TrackingLinkTooLongException(length, this.maxLinkLength);
		}
		return prefix + token;
	}

	/** Configures {@link TrackingLinks}; validates everything in {@link #build()}. */
	public static final class Builder {

		private final TrackingCodec codec;

		private String baseUrl = "";

		private String openPath = "/t/open";

		private String clickPath = "/t/click";

		private int maxLinkLength = DEFAULT_MAX_LINK_LENGTH;

		private String optOutAttribute = DEFAULT_OPT_OUT_ATTRIBUTE;

		private Builder(TrackingCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec");
		}

		/**
		 * Sets the public base URL at which the tracking endpoints are reachable from
		 * recipients' mail clients, such as {@code https://mail.example.com}. Required.
		 * @param baseUrl absolute http(s) URL, optionally with a path prefix
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
			return this;
		}

		/**
		 * Sets the path of the open endpoint.
		 * @param openPath path starting with {@code /}, {@code /t/open} by default
		 * @return this builder
		 */
		public Builder openPath(String openPath) {
			this.openPath = Objects.requireNonNull(openPath, "openPath");
			return this;
		}

		/**
		 * Sets the path of the click endpoint.
		 * @param clickPath path starting with {@code /}, {@code /t/click} by default
		 * @return this builder
		 */
		public Builder clickPath(String clickPath) {
			this.clickPath = Objects.requireNonNull(clickPath, "clickPath");
			return this;
		}

		/**
		 * Sets the longest link that may be minted.
		 * @param maxLinkLength maximum length in characters, {@value TrackingLinks#DEFAULT_MAX_LINK_LENGTH} by default
		 * @return this builder
		 */
		public Builder maxLinkLength(int maxLinkLength) {
			this.maxLinkLength = maxLinkLength;
			return this;
		}

		/**
		 * Sets the attribute that marks {@code <a>} elements whose link must not be tracked.
		 * @param optOutAttribute attribute name, {@value TrackingLinks#DEFAULT_OPT_OUT_ATTRIBUTE} by default
		 * @return this builder
		 */
		public Builder optOutAttribute(String optOutAttribute) {
			this.optOutAttribute = Objects.requireNonNull(optOutAttribute, "optOutAttribute")
				.toLowerCase(Locale.ROOT);
			return this;
		}

		/**
		 * Builds the link builder.
		 * @return the link builder
		 * @throws IllegalArgumentException if the base URL is missing or not absolute
		 * http(s), a path does not start with {@code /}, or the maximum is not positive
		 * @throws IllegalStateException if the codec has no key to mint with
		 */
		public TrackingLinks build() {
			String base = this.baseUrl.strip();
			while (base.endsWith("/")) {
				base = base.substring(0, base.length() - 1);
			}
			if (base.isEmpty()) {
				throw new IllegalArgumentException("Tracking base URL is required, such as https://mail.example.com");
			}
			try {
				TrackingCodec.checkTarget(base);
			}
			catch (TrackingTokenException ex) {
				throw new IllegalArgumentException(
						"Tracking base URL must be an absolute http(s) URL but was '" + base + "'", ex);
			}
			checkPath("open path", this.openPath);
			checkPath("click path", this.clickPath);
			if (this.openPath.equals(this.clickPath)) {
				throw new IllegalArgumentException("Tracking open and click paths must differ");
			}
			if (this.maxLinkLength <= 0) {
				throw new IllegalArgumentException("Maximum link length must be positive but was " + this.maxLinkLength);
			}
			if (!this.codec.canMint()) {
				throw new IllegalStateException("The tracking codec has no key, so it cannot mint links");
			}
			return new TrackingLinks(this, base);
		}

		private static void checkPath(String name, String path) {
			if (!path.startsWith("/") || path.endsWith("/") || path.contains("?") || path.contains("#")) {
				throw new IllegalArgumentException("Tracking " + name
						+ " must start with '/' and not end with one, without query or fragment, but was '" + path + "'");
			}
		}

	}

}
