package io.unisights.spring.beacon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.BeaconDecodingException;
import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.DecodedBeacon;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.delivery.DeliveryIds;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.delivery.EventDispatcher;
import io.unisights.spring.privacy.RequestContextResolver;
import io.unisights.spring.web.ProblemException;
import io.unisights.spring.web.ProblemType;
import io.unisights.spring.web.RequestBodies;
import io.unisights.spring.web.UnisightsEndpoint;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives beacon batches at {@code unisights.collect.path}: reads the body under the size
 * limit, decodes and validates it, and dispatches it to the event handlers.
 */
@RestController
@UnisightsEndpoint
public final class BeaconController {

	/**
	 * What the endpoint reads. {@code text/plain} is what {@code navigator.sendBeacon}
	 * sends for a string body, and it avoids a CORS preflight.
	 */
	private static final List<MediaType> ACCEPTED = List.of(MediaType.APPLICATION_JSON,
			MediaType.valueOf("application/*+json"), MediaType.TEXT_PLAIN);

	/** The start of each answer, {@code {"status":"…","id":"}, by outcome. */
	private static final Map<DispatchResult, byte[]> ANSWER_STARTS = answerStarts();

	private static final byte[] ANSWER_EVENTS = "\",\"events\":".getBytes(StandardCharsets.US_ASCII);

	private final BeaconDecoder decoder;

	private final EventDispatcher dispatcher;

	private final DataSize maxPayloadSize;

	private final Clock clock;

	private final RequestContextResolver contexts;

	BeaconController(BeaconDecoder decoder, EventDispatcher dispatcher, DataSize maxPayloadSize, Clock clock,
			RequestContextResolver contexts) {
		this.decoder = decoder;
		this.dispatcher = dispatcher;
		this.maxPayloadSize = maxPayloadSize;
		this.clock = clock;
		this.contexts = contexts;
	}

	/**
	 * Accepts one beacon batch and answers {@code {"status": "delivered" | "queued" |
	 * "duplicate", "id": "<delivery id>", "events": <count>}}.
	 * @param request the request carrying the batch
	 * @param response the response the answer is written to: 200 once delivered, 202 once
	 * queued
	 * @throws IOException when the answer cannot be written
	 */
	@PostMapping(path = "${unisights.collect.path:/events}")
	public void collect(HttpServletRequest request, HttpServletResponse response) throws IOException {
		RequestBodies.requireMediaType(request, ACCEPTED);
		byte[] body = RequestBodies.read(request, this.maxPayloadSize);
		DecodedBeacon decoded = decode(body);
		RequestContextResolver.Resolution resolved = this.contexts.beacon(request, this.clock.instant(),
				decoded.payload());
		BeaconPayload payload = (resolved.payload() != null) ? resolved.payload() : decoded.payload();
		// The resolver hands back the decoded payload itself unless it reduced it.
		boolean reduced = payload != decoded.payload();
		BeaconDelivery delivery = new BeaconDelivery(DeliveryIds.next(), payload, resolved.context(),
				decoded.contentDigest());
		// A dropped beacon (a privacy signal or automation policy) is answered as a delivered
		// one would be, so that the client cannot tell. A payload the privacy policy reduced
		// no longer matches the bytes it was read from: those bytes (the raw user agent)
		// must not be stored, so it is dispatched without them.
		DispatchResult result;
		if (!resolved.deliver()) {
			result = this.contexts.droppedAnswer();
		}
		else if (reduced) {
			result = this.dispatcher.dispatch(delivery);
		}
		else {
			result = this.dispatcher.dispatch(delivery, decoded.source());
		}
		HttpStatus status = (result == DispatchResult.QUEUED) ? HttpStatus.ACCEPTED : HttpStatus.OK;
		// The answer has one fixed shape, so it is written as bytes: content negotiation and
		// a JSON message converter were a measurable share of a small beacon's request.
		byte[] answer = answer(result, delivery.id(), payload.events().size());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(answer.length);
		response.getOutputStream().write(answer);
	}

	static byte[] answer(DispatchResult result, String id, int events) {
		byte[] start = ANSWER_STARTS.get(result);
		byte[] count = Integer.toString(events).getBytes(StandardCharsets.US_ASCII);
		// A delivery id is a UUID string (ASCII, nothing to escape).
		byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
		byte[] answer = Arrays.copyOf(start, start.length + idBytes.length + ANSWER_EVENTS.length + count.length + 1);
		int at = start.length;
		System.arraycopy(idBytes, 0, answer, at, idBytes.length);
		at += idBytes.length;
		System.arraycopy(ANSWER_EVENTS, 0, answer, at, ANSWER_EVENTS.length);
		at += ANSWER_EVENTS.length;
		System.arraycopy(count, 0, answer, at, count.length);
		answer[answer.length - 1] = '}';
		return answer;
	}

	private static Map<DispatchResult, byte[]> answerStarts() {
		Map<DispatchResult, byte[]> starts = new EnumMap<>(DispatchResult.class);
		for (DispatchResult result : DispatchResult.values()) {
			starts.put(result, ("{\"status\":\"" + result.name().toLowerCase(Locale.ROOT) + "\",\"id\":\"")
				.getBytes(StandardCharsets.US_ASCII));
		}
		return starts;
	}

	private DecodedBeacon decode(byte[] body) {
		try {
			return this.decoder.decode(body);
		}
		catch (BeaconDecodingException ex) {
			throw new ProblemException(problemType(ex.reason()), ex.field(), ex.getMessage(), ex);
		}
	}

	private static ProblemType problemType(BeaconDecodingException.Reason reason) {
		return switch (reason) {
			case EMPTY_BODY -> ProblemType.EMPTY_BODY;
			case MALFORMED_JSON -> ProblemType.MALFORMED_JSON;
			case MISSING_FIELD -> ProblemType.MISSING_FIELD;
			case INVALID_FIELD -> ProblemType.INVALID_FIELD;
			case UNKNOWN_EVENT_TYPE -> ProblemType.UNKNOWN_EVENT_TYPE;
			case ENCRYPTION_FIELDS_MISSING -> ProblemType.ENCRYPTION_FIELDS_MISSING;
			case NOT_AUTHENTIC -> ProblemType.NOT_AUTHENTIC;
			case MALFORMED_CIPHERTEXT -> ProblemType.MALFORMED_CIPHERTEXT;
			case DECRYPTED_NOT_JSON -> ProblemType.DECRYPTED_NOT_JSON;
			case STALE_BUCKET -> ProblemType.STALE_BUCKET;
		};
	}

}
