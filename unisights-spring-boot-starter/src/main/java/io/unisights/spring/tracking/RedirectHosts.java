package io.unisights.spring.tracking;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The allow-list of redirect hosts: exact hosts, or {@code *.example.com} for any subdomain
 * (not the bare domain). Empty allows every host that a verified link names.
 */
final class RedirectHosts {

	private final List<String> exact = new ArrayList<>();

	private final List<String> suffixes = new ArrayList<>();

	RedirectHosts(List<String> hosts) {
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

	boolean allows(String host) {
		if (this.exact.isEmpty() && this.suffixes.isEmpty()) {
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
