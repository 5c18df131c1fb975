package io.unisights.sample;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a message with a link the demo will not sign with a 422 problem that names the
 * link, for the email endpoints only.
 */
@RestControllerAdvice(assignableTypes = { EmailPreviewController.class, EmailDemoController.class })
class EmailLinkProblems {

	@ExceptionHandler
	ProblemDetail linkHostNotAllowed(LinkHostNotAllowedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setType(URI.create("urn:unisights-sample:problem:link-host-not-allowed"));
		problem.setTitle("Link host not allowed");
		problem.setProperty("reason", "link-host-not-allowed");
		problem.setProperty("link", ex.link());
		return problem;
	}

}
