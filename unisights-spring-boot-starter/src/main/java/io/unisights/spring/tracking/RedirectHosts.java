package io.unisights.spring.tracking;

import java.net.IDN;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingTokenException;

/**
 * The hosts click links may redirect to ({@code unisights.tracking.allowed-redirect-hosts}):
 * exact hosts, or {@code *.example.com} for any subdomain (not the bare domain), compared
 * without case, trailing dot or IDN form mattering. An empty list allows every host that
 * a verified link names. The click redirect checks every target against this bean; a
 * sender that signs links on others' behalf checks them against it first, so that it
 * never mints a link the redirect would refuse.
 */
public final class RedirectHosts {

	private final List<String> hosts;

	private final List<String> exact = new ArrayList<>();

	private final List<String> suffixes = new ArrayList<>();

	private RedirectHosts(List<String> hosts) {
		this.hosts = List.copyOf(hosts);
		for (String host : hosts) {
			String normalized = normalize(host.strip());
			if (normalized.startsWith("*.")) {
				this.suffixes.add(normalized.substring(1));
			}
			else {
				this.exact.add(normalized);
			}
		}
	}

	/**
	 * Creates the allow-list.
	 * @param hosts exact hosts, or {@code *.example.com}; empty allows every host
	 * @return the allow-list
	 */
	public static RedirectHosts of(List<String> hosts) {
		return new RedirectHosts(hosts);
	}

	/**
	 * Returns the hosts as configured.
	 * @return the hosts, for messages
	 */
	public List<String> hosts() {
		return this.hosts;
	}

	/**
	 * Whether no host is listed, so that every host is allowed.
	 * @return whether the list is empty
	 */
	public boolean allowsEveryHost() {
		return this.exact.isEmpty() && this.suffixes.isEmpty();
	}

	/**
	 * Whether a host is allowed.
	 * @param host the host, as {@link URI#getHost()} returns it
	 * @return whether a click may redirect to it
	 */
	public boolean allows(String host) {
		if (allowsEveryHost()) {
			return true;
		}
		String normalized = normalize(host);
		if (this.exact.contains(normalized)) {
			return true;
		}
		for (String suffix : this.suffixes) {
			if (normalized.endsWith(suffix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a click may redirect to a URL: an absolute http(s) URI whose host is
	 * allowed, read as the click redirect reads it.
	 * @param url the target as it would be signed
	 * @return whether the redirect would follow it
	 */
	public boolean allowsTarget(String url) {
		URI target;
		try {
			// The codec's own check, so that what is signed and what is followed cannot drift apart.
			target = TrackingCodec.checkTarget(url);
		}
		catch (TrackingTokenException ex) {
			return false;
		}
		return allows(target.getHost());
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
