package io.unisights.sample;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

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

	/**
	 * The 422 problem that answers the refusal.
	 * @return the problem, naming the link and the reason
	 */
	ProblemDetail toProblem() {
		return this.reason.problem(getMessage(), this.link);
	}

	/** Why a link is refused; each is a 422 problem of its own type. */
	enum Reason {

		/** The link's host is not on the click allow-list. */
		LINK_HOST_NOT_ALLOWED,

		/** The link is no absolute http(s) URI the codec signs. */
		INVALID_LINK,

		/** The tracking link would be over {@code unisights.tracking.max-link-length}. */
		LINK_TOO_LONG;

		/**
		 * The 422 problem of this reason: its type and {@code reason} are the name in
		 * kebab case, its title the name in words, such as {@code Link too long}.
		 * @param detail what was refused, and why
		 * @param link the link refused, if one is
		 * @return the problem
		 */
		ProblemDetail problem(String detail, @Nullable String link) {
			String slug = name().toLowerCase(Locale.ROOT).replace('_', '-');
			String words = name().toLowerCase(Locale.ROOT).replace('_', ' ');
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
			problem.setType(URI.create("urn:unisights-sample:problem:" + slug));
			problem.setTitle(Character.toUpperCase(words.charAt(0)) + words.substring(1));
			problem.setProperty("reason", slug);
			if (link != null) {
				problem.setProperty("link", link);
			}
			return problem;
		}

	}

}
