package io.unisights.sample;

import java.util.Locale;

/** A message links somewhere the demo does not sign a link to. */
class LinkRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private final String link;

	LinkRefusedException(Reason reason, String link, String why) {
		super(link + ": " + why);
		this.reason = reason;
		this.link = link;
	}

	Reason reason() {
		return this.reason;
	}

	String link() {
		return this.link;
	}

	/** Why a link is refused; each is a 422 problem of its own type. */
	enum Reason {

		/** The link's host is not on the click allow-list. */
		LINK_HOST_NOT_ALLOWED("Link host not allowed"),

		/** The link is no absolute http(s) URI the codec signs. */
		INVALID_LINK("Invalid link"),

		/** The tracking link would be over {@code unisights.tracking.max-link-length}. */
		LINK_TOO_LONG("Link too long");

		private final String title;

		Reason(String title) {
			this.title = title;
		}

		String title() {
			return this.title;
		}

		String slug() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
