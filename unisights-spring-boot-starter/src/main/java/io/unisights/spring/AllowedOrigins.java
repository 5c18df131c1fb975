package io.unisights.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origins of {@code unisights.cors.allowed-origins}, compiled so that a pattern means
 * what it looks like: a wildcard stands for host labels ({@code https://*.example.com}) or a
 * port ({@code http://localhost:*}, {@code :[8080,8081]}, {@code :[*]} for any or none),
 * and never for a {@code /}, {@code ?}, {@code #}, {@code @} or {@code :}. Spring's own
 * origin patterns let {@code *} match anything, so {@code https://*.example.org} also took
 * {@code https://evil.com/.example.org}. A lone {@code *} allows every origin.
 */
final class AllowedOrigins {

	private static final String PROPERTY = "unisights.cors.allowed-origins";

	/** {@code scheme://authority}, the authority free of path, query, fragment and user-info. */
	private static final Pattern ORIGIN = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#@\\s]+)");

	/** A host name (wildcards allowed), or an IPv6 literal; then an optional port or port pattern. */
	private static final Pattern AUTHORITY = Pattern
		.compile("([a-zA-Z0-9._*-]+|\\[[0-9a-fA-F:.]+])(?::(\\d{1,5}|\\*|\\[\\*]|\\[\\d{1,5}(?:,\\d{1,5})*]))?");

	/** What a wildcard in a host stands for: host-name characters, at least one. */
	private static final String HOST_WILDCARD = "[a-z0-9._-]+";

	private static final String ANY_PORT = "\\d{1,5}";

	private final boolean any;

	private final List<Pattern> patterns;

	private AllowedOrigins(boolean any, List<Pattern> patterns) {
		this.any = any;
		this.patterns = patterns;
	}

	/**
	 * Compiles the configured origins.
	 * @param origins exact origins and patterns
	 * @return the compiled origins
	 * @throws IllegalArgumentException naming the property, the entry and its value, for
	 * an entry that is not an origin or a pattern of one
	 */
	static AllowedOrigins of(List<String> origins) {
		boolean any = false;
		List<Pattern> patterns = new ArrayList<>(origins.size());
		for (int i = 0; i < origins.size(); i++) {
			String origin = origins.get(i).strip();
			if (origin.equals("*")) {
				any = true;
				continue;
			}
			patterns.add(compile(origin, i));
		}
		return new AllowedOrigins(any, List.copyOf(patterns));
	}

	private static Pattern compile(String configured, int index) {
		// A trailing slash is the one path an origin is commonly written with.
		String origin = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
		Matcher parts = ORIGIN.matcher(origin);
		Matcher authority = parts.matches() ? AUTHORITY.matcher(parts.group(2)) : null;
		if (authority == null || !authority.matches()) {
			throw invalid(index, configured, "an origin such as https://shop.example.com or a pattern such as "
					+ "https://*.example.com, without path, query or user-info");
		}
		StringBuilder regex = new StringBuilder(Pattern.quote(parts.group(1).toLowerCase(Locale.ROOT) + "://"));
		String host = authority.group(1);
		if (host.startsWith("[")) {
			regex.append(Pattern.quote(host.toLowerCase(Locale.ROOT)));
		}
		else {
			String[] pieces = host.toLowerCase(Locale.ROOT).split("\\*", -1);
			for (int i = 0; i < pieces.length; i++) {
				if (i > 0) {
					regex.append(HOST_WILDCARD);
				}
				if (!pieces[i].isEmpty()) {
					regex.append(Pattern.quote(pieces[i]));
				}
			}
		}
		String port = authority.group(2);
		if (port != null) {
			regex.append(switch (port) {
				case "*" -> ":" + ANY_PORT;
				case "[*]" -> "(?::" + ANY_PORT + ")?";
				default -> port.startsWith("[")
						? ":(?:" + String.join("|", port.substring(1, port.length() - 1).split(",")) + ")"
						: ":" + port;
			});
		}
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
	}

	private static IllegalArgumentException invalid(int index, String value, String expected) {
		return new IllegalArgumentException(
				PROPERTY + "[" + index + "] must be " + expected + " but was '" + value + "'");
	}

	/**
	 * Whether an {@code Origin} header is allowed.
	 * @param origin the header's value
	 * @return whether it is one of the origins or matches one of the patterns
	 */
	boolean allows(String origin) {
		if (this.any) {
			return true;
		}
		for (Pattern pattern : this.patterns) {
			if (pattern.matcher(origin).matches()) {
				return true;
			}
		}
		return false;
	}

}
