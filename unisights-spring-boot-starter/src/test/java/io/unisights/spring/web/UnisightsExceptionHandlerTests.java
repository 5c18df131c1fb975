package io.unisights.spring.web;

import org.junit.jupiter.api.Test;

import io.unisights.spring.delivery.HandlerFailedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class UnisightsExceptionHandlerTests {

	private final HandlerFailedException failure = new HandlerFailedException("id-1", "com.example.Store",
			new IllegalStateException("connection refused"));

	@Test
	void hidesHandlerFailureDetailsByDefault() {
		ResponseEntity<ProblemDetail> response = new UnisightsExceptionHandler(false).handleHandlerFailure(this.failure);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(response.getBody().getDetail()).doesNotContain("connection refused").doesNotContain("Store");
	}

	@Test
	void includesHandlerFailureDetailsInDebugMode() {
		ResponseEntity<ProblemDetail> response = new UnisightsExceptionHandler(true).handleHandlerFailure(this.failure);

		assertThat(response.getBody().getDetail()).contains("com.example.Store").contains("connection refused");
	}

	@Test
	void namesReasonAndFieldOfARefusal() {
		ResponseEntity<ProblemDetail> response = new UnisightsExceptionHandler(false)
			.handleProblem(new ProblemException(ProblemType.INVALID_FIELD, "data.scroll_depth", "must be 0-100"));

		assertThat(response.getStatusCode().value()).isEqualTo(422);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		ProblemDetail problem = response.getBody();
		assertThat(problem.getType().toString()).isEqualTo("urn:unisights:problem:invalid-field");
		assertThat(problem.getProperties()).containsEntry("reason", "invalid-field")
			.containsEntry("field", "data.scroll_depth");
	}

}
