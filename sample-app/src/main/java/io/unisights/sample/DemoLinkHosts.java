package io.unisights.sample;

import java.net.IDN;
import java.util.List;
import java.util.Locale;

import io.unisights.spring.tracking.TrackingProperties;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The hosts the sample's email endpoints sign links to: the collector's click allow-list
 * ({@code unisights.tracking.allowed-redirect-hosts}, exact hosts or {@code *.example.com}).
 * Without it anyone could have the demo sign links to a site of their own and send them
 * in the sample's name; with it the demo never mints a link the click redirect would
 * refuse. An empty list signs no link to any host.
 */
@Component
class DemoLinkHosts {

	/** The attribute by which a message keeps a link untracked (the rewriter's default). */
	private static final String OPT_OUT_ATTRIBUTE = "data-unisights-notrack";

	private final List<String> hosts;

	DemoLinkHosts(TrackingProperties tracking) {
		this.hosts = tracking.allowedRedirectHosts().stream().map(String::strip).map(DemoLinkHosts::normalize).toList();
	}

	/**
	 * Checks every link of a message that the rewriter would sign.
	 * @param html the message
	 * @throws LinkHostNotAllowedException naming the first link to a host outside the list
	 */
	void check(String html) {
		for (Element anchor : Jsoup.parse(html).getElementsByTag("a")) {
			String href = anchor.attr("href").strip();
			if (anchor.hasAttr("href") && !anchor.hasAttr(OPT_OUT_ATTRIBUTE) && isHttp(href) && !allows(href)) {
				throw new LinkHostNotAllowedException(href, this.hosts);
			}
		}
	}

	/**
	 * Whether an {@code http}/{@code https} URL points at an allowed host.
	 * @param url the link as written in the message
	 * @return whether its host, read as a browser reads it, is on the list
	 */
	boolean allows(String url) {
		String host = host(url);
		if (host == null) {
			return false;
		}
		for (String allowed : this.hosts) {
			if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isHttp(String url) {
		return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
	}

	/**
	 * The host of an http(s) URL as a browser finds it (WHATWG URL): tabs and line breaks
	 * dropped, any run of slashes or backslashes after the scheme skipped, the authority
	 * ended by {@code / \ ? #}, user info and port removed. {@code java.net.URI} reads some
	 * of these differently ({@code https://allowed.com\@other.net} goes to
	 * {@code allowed.com} in a browser), so it cannot decide where a click lands.
	 */
	static @Nullable String host(String url) {
		String cleaned = url.replaceAll("[\\t\\n\\r]", "");
		int at = cleaned.indexOf(':') + 1;
		while (at < cleaned.length() && (cleaned.charAt(at) == '/' || cleaned.charAt(at) == '\\')) {
			at++;
		}
		int end = at;
		while (end < cleaned.length() && "/\\?#".indexOf(cleaned.charAt(end)) < 0) {
			end++;
		}
		String authority = cleaned.substring(at, end);
		authority = authority.substring(authority.lastIndexOf('@') + 1);
		String host;
		if (authority.startsWith("[")) {
			int close = authority.indexOf(']');
			host = (close < 0) ? "" : authority.substring(0, close + 1);
		}
		else {
			int colon = authority.indexOf(':');
			host = (colon < 0) ? authority : authority.substring(0, colon);
		}
		return host.isEmpty() ? null : normalize(host);
	}

	private static String normalize(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		// A trailing dot names the same host; IDN hosts compare in their ASCII form.
		if (lower.endsWith(".")) {
			lower = lower.substring(0, lower.length() - 1);
		}
		try {
			return IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED);
		}
		catch (IllegalArgumentException ex) {
			return lower;
		}
	}

}
