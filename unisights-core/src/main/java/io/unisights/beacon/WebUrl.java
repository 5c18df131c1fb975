package io.unisights.beacon;

/**
 * Checks that a string is an {@code http} or {@code https} URL with a host, the way a
 * browser's URL parser (WHATWG) reads it, without rewriting it. A strict RFC 3986 parser
 * such as {@code java.net.URI} refuses what browsers put in {@code location.href} every day:
 * raw {@code | { } ^ \ `} in queries, {@code |} and {@code ^} in paths, a bare {@code %},
 * {@code _} in host names, unfilled ad macros such as {@code {keyword}}. Only the scheme and
 * the host decide where a URL points, so only they are checked; the rest may hold anything
 * but control characters.
 */
final class WebUrl {

	private WebUrl() {
	}

	static boolean isHttp(String url) {
		int afterScheme = schemeEnd(url);
		if (afterScheme < 0 || !url.startsWith("//", afterScheme)) {
			return false;
		}
		int authorityStart = afterScheme + 2;
		int authorityEnd = authorityStart;
		while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
			authorityEnd++;
		}
		return isAuthority(url, authorityStart, authorityEnd) && noControls(url, authorityEnd);
	}

	/** The index after {@code http:} or {@code https:} (any case), or -1. */
	private static int schemeEnd(String url) {
		if (url.regionMatches(true, 0, "http:", 0, 5)) {
			return 5;
		}
		if (url.regionMatches(true, 0, "https:", 0, 6)) {
			return 6;
		}
		return -1;
	}

	private static boolean isAuthority(String url, int start, int end) {
		// User info ends at the last '@' of the authority, as in the WHATWG parser.
		int hostStart = url.lastIndexOf('@', end - 1);
		hostStart = (hostStart >= start) ? hostStart + 1 : start;
		if (!noControls(url.substring(start, hostStart), 0)) {
			return false;
		}
		if (hostStart < end && url.charAt(hostStart) == '[') {
			int close = url.indexOf(']', hostStart);
			return close > hostStart + 1 && close < end && isIpv6(url, hostStart + 1, close)
					&& isPort(url, close + 1, end);
		}
		int colon = url.indexOf(':', hostStart);
		int hostEnd = (colon >= 0 && colon < end) ? colon : end;
		return hostEnd > hostStart && isHost(url, hostStart, hostEnd) && isPort(url, hostEnd, end);
	}

	private static boolean isHost(String url, int start, int end) {
		for (int i = start; i < end; i++) {
			char c = url.charAt(i);
			// The WHATWG forbidden domain code points; '_' and non-ASCII are allowed.
			if (c <= ' ' || c == 0x7F || "#%/:<>?@[\\]^|".indexOf(c) >= 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean isIpv6(String url, int start, int end) {
		for (int i = start; i < end; i++) {
			char c = url.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return false;
			}
		}
		return true;
	}

	/** Empty, or ':' and up to five digits no greater than 65535 (an empty port is allowed). */
	private static boolean isPort(String url, int start, int end) {
		if (start == end) {
			return true;
		}
		if (url.charAt(start) != ':' || end - start > 6) {
			return false;
		}
		int port = 0;
		for (int i = start + 1; i < end; i++) {
			int digit = Character.digit(url.charAt(i), 10);
			if (digit < 0) {
				return false;
			}
			port = port * 10 + digit;
		}
		return port <= 65535;
	}

	private static boolean noControls(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < ' ' || c == 0x7F) {
				return false;
			}
		}
		return true;
	}

}
