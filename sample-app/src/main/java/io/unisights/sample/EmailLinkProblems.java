package io.unisights.sample;

import java.net.URI;

import io.unisights.tracking.TrackingLinkTooLongException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a message with a link the demo will not sign with a 422 problem that names the
 * link and the reason ({@code link-host-not-allowed}, {@code invalid-link},
 * {@code link-too-long}), for the email endpoints only.
 */
@RestControllerAdvice(assignableTypes = { EmailPreviewController.class, EmailDemoController.class })
class EmailLinkProblems {

	@ExceptionHandler
	ProblemDetail linkRefused(LinkRefusedException ex) {
		return problem(ex.reason(), ex.getMessage(), ex.link());
	}

	/** The open pixel's link, whose metadata (a long campaign name) made it too long. */
	@ExceptionHandler
	ProblemDetail linkTooLong(TrackingLinkTooLongException ex) {
		return problem(LinkRefusedException.Reason.LINK_TOO_LONG, ex.getMessage(), null);
	}

	private static ProblemDetail problem(LinkRefusedException.Reason reason, String detail, @Nullable String link) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
		problem.setType(URI.create("urn:unisights-sample:problem:" + reason.slug()));
		problem.setTitle(reason.title());
		problem.setProperty("reason", reason.slug());
		if (link != null) {
			problem.setProperty("link", link);
		}
		return problem;
	}

}
