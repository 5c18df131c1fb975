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

	/** The WHATWG forbidden domain code points of ASCII; '_' and non-ASCII are allowed. */
	private static final boolean[] NOT_IN_HOST = new boolean[128];

	static {
		for (int c = 0; c <= ' '; c++) {
			NOT_IN_HOST[c] = true;
		}
		NOT_IN_HOST[0x7F] = true;
		for (char c : "#%/:<>?@[\\]^|".toCharArray()) {
			NOT_IN_HOST[c] = true;
		}
	}

	static boolean isHttp(String url) {
		return isHttp(url, false);
	}

	/**
	 * @param printable whether the URL is known to hold printable ASCII alone, so that the
	 * search for control characters can be spared; the answer is the same either way
	 */
	static boolean isHttp(String url, boolean printable) {
		int afterScheme = schemeEnd(url);
		if (afterScheme < 0 || !url.startsWith("//", afterScheme)) {
			return false;
		}
		int length = url.length();
		int authorityStart = afterScheme + 2;
		int authorityEnd = authorityStart;
		// User info ends at the last '@' of the authority, as in the WHATWG parser.
		int lastAt = -1;
		while (authorityEnd < length) {
			char c = url.charAt(authorityEnd);
			if (c == '/' || c == '?' || c == '#') {
				break;
			}
			if (c == '@') {
				lastAt = authorityEnd;
			}
			authorityEnd++;
		}
		int hostStart = (lastAt >= 0) ? lastAt + 1 : authorityStart;
		return (printable || noControls(url, authorityStart, hostStart))
				&& isHostAndPort(url, hostStart, authorityEnd) && (printable || noControls(url, authorityEnd, length));
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

	private static boolean isHostAndPort(String url, int hostStart, int end) {
		if (hostStart < end && url.charAt(hostStart) == '[') {
			int close = url.indexOf(']', hostStart);
			return close > hostStart + 1 && close < end && isIpv6(url, hostStart + 1, close)
					&& isPort(url, close + 1, end);
		}
		// The host ends at the first ':' after the user info, where the port begins.
		int hostEnd = hostStart;
		while (hostEnd < end) {
			char c = url.charAt(hostEnd);
			if (c == ':') {
				break;
			}
			if (c < 0x80 && NOT_IN_HOST[c]) {
				return false;
			}
			hostEnd++;
		}
		return hostEnd > hostStart && isPort(url, hostEnd, end);
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

	private static boolean noControls(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < ' ' || c == 0x7F) {
				return false;
			}
		}
		return true;
	}

}
