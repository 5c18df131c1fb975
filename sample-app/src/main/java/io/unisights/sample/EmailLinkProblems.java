package io.unisights.sample;

import io.unisights.tracking.TrackingLinkTooLongException;

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
		return ex.toProblem();
	}

	/** The open pixel's link, whose metadata (a long campaign name) made it too long. */
	@ExceptionHandler
	ProblemDetail linkTooLong(TrackingLinkTooLongException ex) {
		return LinkRefusedException.Reason.LINK_TOO_LONG.problem(ex.getMessage(), null);
	}

}
