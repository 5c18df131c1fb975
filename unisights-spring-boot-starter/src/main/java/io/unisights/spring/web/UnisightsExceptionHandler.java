package io.unisights.spring.web;

import java.io.UncheckedIOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.HandlerFailedException;
import io.unisights.spring.delivery.QueueFullException;
import io.unisights.wire.SingleLine;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers failures of the collector's own endpoints (those marked
 * {@link UnisightsEndpoint @UnisightsEndpoint}) as RFC 9457 problem details. It is scoped
 * to those controllers so the host's error handling stays as the host configured it.
 */
@RestControllerAdvice(annotations = UnisightsEndpoint.class)
public class UnisightsExceptionHandler {

	private static final Log logger = LogFactory.getLog(UnisightsExceptionHandler.class);

	private final boolean debug;

	/**
	 * Creates the handler.
	 * @param debug whether handler failure details go into the response
	 */
	public UnisightsExceptionHandler(boolean debug) {
		this.debug = debug;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleProblem(ProblemException ex) {
		ResponseEntity<ProblemDetail> response = respond(ex.getProblemType(), ex.getMessage(), ex.getField());
		if (ex.getProblemType() == ProblemType.BODY_TIMEOUT) {
			// The rest of the body may still trickle in: nothing more is read from it.
			return ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.header(HttpHeaders.CONNECTION, "close")
				.body(response.getBody());
		}
		return response;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleHandlerFailure(HandlerFailedException ex) {
		// The delivery id of a server event is the sender's own.
		logger.error("Event handler failed for delivery " + SingleLine.escape(ex.getDeliveryId()), ex.getCause());
		String detail = this.debug ? ex.getMessage() + ": " + ex.getCause()
				: "An event handler failed; the request may be retried";
		return respond(ProblemType.HANDLER_FAILED, detail, null);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleQueueFull(QueueFullException ex) {
		// Backpressure, not a fault: nothing was accepted and the sender holds the item.
		logger.debug(ex.getMessage());
		ResponseEntity<ProblemDetail> response = respond(
				ex.isShuttingDown() ? ProblemType.SHUTTING_DOWN : ProblemType.QUEUE_FULL, ex.getMessage(), null);
		long seconds = Math.max(1, (ex.getRetryAfter().toMillis() + 999) / 1000);
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(response.getBody());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleUnreadableBody(UncheckedIOException ex) {
		// The client went away or sent a broken chunked stream; nothing was accepted.
		logger.debug("Failed to read request body", ex);
		return respond(ProblemType.MALFORMED_JSON, "Request body could not be read", null);
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemType problemType, @Nullable String detail,
			@Nullable String field) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(problemType.status(), detail);
		problem.setType(problemType.type());
		problem.setTitle(problemType.title());
		problem.setProperty("reason", problemType.slug());
		if (field != null) {
			problem.setProperty("field", field);
		}
		return ResponseEntity.status(problemType.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
