package io.unisights.spring.tracking;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.unisights.tracking.TokenEncoding;
import io.unisights.tracking.TrackingLinks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of email open and click tracking. Tracking switches on when at least one key
 * is set.
 *
 * @param enabled Whether tracking is switched on; unset means on exactly when a key is
 * configured, true without a key fails startup
 * @param openPath Path of the open pixel endpoint; tokens follow as the next segment
 * @param clickPath Path of the click redirect endpoint; tokens follow as the next segment
 * @param baseUrl Public base URL at which recipients' mail clients reach this
 * application, such as https://mail.example.com (include the servlet context path
 * if there is one); needed to mint links with the TrackingLinks bean
 * @param keys Secrets that sign link tokens, at least 16 bytes each: the first signs new
 * links, all verify; put a new key first to rotate, and remove the old one once its
 * links no longer matter
 * @param encrypt Whether new links are also encrypted (AES-256-GCM) so that recipients
 * cannot read their metadata
 * @param ttl How long new links are accepted after minting, at most 50 years; unset means
 * no expiry
 * @param encoding Alphabet of new link tokens; base32 survives mail systems that
 * change the case of URLs, at about 20% more length
 * @param maxLinkLength Longest link that may be minted; longer ones are refused with an
 * exception rather than risk truncation by mail clients
 * @param allowedRedirectHosts Hosts that click links may redirect to (exact, or
 * *.example.com for subdomains); empty means any host a valid signed link names
 * @param pytracking Reading of links minted by pytracking 0.2, for migration
 */
@ConfigurationProperties("unisights.tracking")
public record TrackingProperties(@Nullable Boolean enabled, @DefaultValue("/t/open") String openPath,
		@DefaultValue("/t/click") String clickPath, @Nullable String baseUrl, @DefaultValue List<String> keys,
		boolean encrypt, @Nullable Duration ttl, @DefaultValue("base64url") TokenEncoding encoding,
		@DefaultValue("2000") int maxLinkLength, @DefaultValue List<String> allowedRedirectHosts,
		@DefaultValue Pytracking pytracking) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public TrackingProperties {
		if (Boolean.TRUE.equals(enabled) && keys.isEmpty()) {
			throw new IllegalArgumentException("unisights.tracking.enabled is true but no key is configured: "
					+ "set unisights.tracking.keys to at least one random secret of 16 bytes or more");
		}
		checkPath("open-path", openPath);
		checkPath("click-path", clickPath);
		if (openPath.equals(clickPath)) {
			throw new IllegalArgumentException(
					"unisights.tracking.open-path and unisights.tracking.click-path must differ but both are '"
							+ openPath + "'");
		}
		if (pytracking.acceptUnsigned() && allowedRedirectHosts.isEmpty()) {
			// Anyone can base64-encode a URL: unsigned links with no host list redirect anywhere.
			throw new IllegalArgumentException("unisights.tracking.pytracking.accept-unsigned is true but "
					+ "unisights.tracking.allowed-redirect-hosts is empty, which makes the click endpoint an open "
					+ "redirect for anyone who base64-encodes a URL: list the hosts click links may redirect to, "
					+ "or switch accept-unsigned off");
		}
		if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(365L * 50)) > 0)) {
			throw new IllegalArgumentException(
					"unisights.tracking.ttl must be positive and at most 50 years (18250d) but was " + ttl);
		}
		if (maxLinkLength <= 0) {
			throw new IllegalArgumentException(
					"unisights.tracking.max-link-length must be positive but was " + maxLinkLength);
		}
	}

	private static void checkPath(String name, String path) {
		if (!path.startsWith("/") || path.endsWith("/") || path.contains("{") || path.contains("*")) {
			throw new IllegalArgumentException("unisights.tracking." + name
					+ " must start with '/', not end with one and hold no pattern, but was '" + path + "'");
		}
	}

	@Override
	public String toString() {
		// Secrets must never reach a log line.
		return "TrackingProperties[enabled=" + this.enabled + ", openPath=" + this.openPath + ", clickPath="
				+ this.clickPath + ", baseUrl=" + this.baseUrl + ", keys=" + masked(this.keys) + ", encrypt="
				+ this.encrypt + ", ttl=" + this.ttl + ", encoding=" + this.encoding + ", maxLinkLength="
				+ this.maxLinkLength + ", allowedRedirectHosts=" + this.allowedRedirectHosts + ", pytracking="
				+ this.pytracking + "]";
	}

	private static String masked(List<String> secrets) {
		return "[" + secrets.size() + " x ******]";
	}

	/**
	 * Reading of pytracking 0.2 links, so that links already sent keep working after a
	 * migration.
	 *
	 * @param fernetKeys Fernet keys of pytracking's encrypted links (url-safe base64, as
	 * Fernet.generate_key() prints them); empty means Fernet links are refused
	 * @param acceptUnsigned Whether unsigned pytracking links (plain base64 JSON) are
	 * accepted; anyone can forge them, including their redirect target, so startup fails
	 * unless allowed-redirect-hosts is set too
	 */
	public record Pytracking(@DefaultValue List<String> fernetKeys, boolean acceptUnsigned) {

		@Override
		public String toString() {
			return "Pytracking[fernetKeys=" + masked(this.fernetKeys) + ", acceptUnsigned=" + this.acceptUnsigned
					+ "]";
		}

	}

}
