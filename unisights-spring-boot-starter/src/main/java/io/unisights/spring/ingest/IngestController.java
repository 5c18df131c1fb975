package io.unisights.spring.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.CanonicalEventWireFormat;
import io.unisights.ingest.EventBatch;
import io.unisights.ingest.EventFormatException;
import io.unisights.ingest.EventTypes;
import io.unisights.ingest.WebhookSignature;
import io.unisights.ingest.WebhookVerificationException;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.delivery.KeyWindow;
import io.unisights.spring.web.ProblemException;
import io.unisights.spring.web.ProblemType;
import io.unisights.spring.web.RequestBodies;
import io.unisights.spring.web.RequestContexts;
import io.unisights.spring.web.UnisightsEndpoint;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives canonical events at {@code unisights.ingest.path}: reads the body under the
 * size limit, verifies its Standard Webhooks signature over the raw bytes, validates every
 * event before delivering any, and dispatches each event; the dispatcher acknowledges an
 * event id seen within the deduplication window as a duplicate. A request whose
 * {@code webhook-id} was accepted whole before is acknowledged without looking at its
 * events.
 * <p>
 * Answers 200 with {@code {"status":"delivered"|"duplicate"|"queued","id":…}} for one
 * event, or with a summary and a per-event {@code events} list for a batch.
 */
@RestController
@UnisightsEndpoint
public final class IngestController {

	private static final List<MediaType> ACCEPTED = List.of(MediaType.APPLICATION_JSON,
			MediaType.valueOf("application/*+json"));

	private static final String MESSAGE_KEY = "ingest-message:";

	private final WebhookSignature signature;

	private final EventTypes types;

	private final boolean allowUnknownTypes;

	private final KeyWindow window;

	private final EventDispatcher dispatcher;

	private final int maxBatchSize;

	private final DataSize maxPayloadSize;

	private final Clock clock;

	IngestController(WebhookSignature signature, EventTypes types, boolean allowUnknownTypes, KeyWindow window,
			EventDispatcher dispatcher, int maxBatchSize, DataSize maxPayloadSize, Clock clock) {
		this.signature = signature;
		this.types = types;
		this.allowUnknownTypes = allowUnknownTypes;
		this.window = window;
		this.dispatcher = dispatcher;
		this.maxBatchSize = maxBatchSize;
		this.maxPayloadSize = maxPayloadSize;
		this.clock = clock;
	}

	/**
	 * Accepts one event or a batch.
	 * @param request the signed request
	 * @return 200 once every event is delivered or recognised as a duplicate, 202 if any
	 * was queued
	 */
	@PostMapping(path = "${unisights.ingest.path:/events/ingest}")
	public ResponseEntity<Map<String, Object>> ingest(HttpServletRequest request) {
		RequestContext context = RequestContexts.from(request, this.clock.instant());
		RequestBodies.requireMediaType(request, ACCEPTED);
		byte[] body = RequestBodies.read(request, this.maxPayloadSize);
		String messageId = request.getHeader(WebhookSignature.ID_HEADER);
		verify(messageId, request.getHeader(WebhookSignature.TIMESTAMP_HEADER),
				request.getHeader(WebhookSignature.SIGNATURE_HEADER), body);
		EventBatch batch = read(body);
		checkTypes(batch);
		// A request already accepted whole is acknowledged without looking at its events.
		boolean knownMessage = this.window.contains(MESSAGE_KEY + messageId);
		List<Map<String, Object>> results = new ArrayList<>(batch.events().size());
		for (CanonicalEvent event : batch.events()) {
			DispatchResult result = knownMessage ? DispatchResult.DUPLICATE : deliver(event, context);
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", event.id());
			entry.put("status", name(result));
			results.add(entry);
		}
		this.window.claim(MESSAGE_KEY + messageId);
		return respond(batch, results);
	}

	private void verify(String messageId, String timestamp, String signatures, byte[] body) {
		try {
			this.signature.verify(messageId, timestamp, signatures, body);
		}
		catch (WebhookVerificationException ex) {
			ProblemType type = switch (ex.reason()) {
				case MISSING_HEADER -> ProblemType.SIGNATURE_HEADER_MISSING;
				case MALFORMED_TIMESTAMP -> ProblemType.MALFORMED_TIMESTAMP;
				case TIMESTAMP_OUT_OF_TOLERANCE -> ProblemType.TIMESTAMP_OUT_OF_TOLERANCE;
				case NO_MATCHING_SIGNATURE -> ProblemType.SIGNATURE_MISMATCH;
			};
			throw new ProblemException(type, null, ex.getMessage(), ex);
		}
	}

	private EventBatch read(byte[] body) {
		try {
			return CanonicalEventWireFormat.read(body, this.maxBatchSize);
		}
		catch (EventFormatException ex) {
			ProblemType type = switch (ex.reason()) {
				case EMPTY_BODY -> ProblemType.EMPTY_BODY;
				case MALFORMED_JSON -> ProblemType.MALFORMED_JSON;
				case MISSING_FIELD -> ProblemType.MISSING_FIELD;
				case INVALID_FIELD -> ProblemType.INVALID_FIELD;
				case BATCH_TOO_LARGE -> ProblemType.BATCH_TOO_LARGE;
			};
			throw new ProblemException(type, ex.field(), ex.getMessage(), ex);
		}
	}

	private void checkTypes(EventBatch batch) {
		if (this.allowUnknownTypes) {
			return;
		}
		List<CanonicalEvent> events = batch.events();
		for (int i = 0; i < events.size(); i++) {
			String type = events.get(i).type();
			if (!this.types.contains(type)) {
				String field = batch.pathOf(i) + "type";
				throw new ProblemException(ProblemType.UNKNOWN_EVENT_TYPE, field, field + " '" + type
						+ "' is not a known event type; add it to unisights.ingest.extra-types to accept it");
			}
		}
	}

	private DispatchResult deliver(CanonicalEvent event, RequestContext context) {
		return this.dispatcher.dispatch(IngestDelivery.of(event, context));
	}

	private static ResponseEntity<Map<String, Object>> respond(EventBatch batch, List<Map<String, Object>> results) {
		int duplicates = 0;
		int queued = 0;
		for (Map<String, Object> result : results) {
			Object status = result.get("status");
			if ("duplicate".equals(status)) {
				duplicates++;
			}
			else if ("queued".equals(status)) {
				queued++;
			}
		}
		String status = (duplicates == results.size()) ? "duplicate" : (queued > 0) ? "queued" : "delivered";
		HttpStatus httpStatus = (queued > 0) ? HttpStatus.ACCEPTED : HttpStatus.OK;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		if (!batch.batch()) {
			body.put("id", results.get(0).get("id"));
		}
		else {
			body.put("received", results.size());
			body.put("delivered", results.size() - duplicates - queued);
			body.put("queued", queued);
			body.put("duplicates", duplicates);
			body.put("events", results);
		}
		return ResponseEntity.status(httpStatus).body(body);
	}

	private static String name(DispatchResult result) {
		return result.name().toLowerCase(Locale.ROOT);
	}

}
