package io.unisights.sample;

import java.util.List;

/** A message links to a host the demo does not sign links to. */
class LinkHostNotAllowedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String link;

	LinkHostNotAllowedException(String link, List<String> allowedHosts) {
		super(link + ": the demo signs links only to " + (allowedHosts.isEmpty()
				? "the hosts of unisights.tracking.allowed-redirect-hosts, and none is set"
				: String.join(", ", allowedHosts)));
		this.link = link;
	}

	String link() {
		return this.link;
	}

}
