package io.unisights.spring.beacon;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.BeaconDecodingException;
import io.unisights.beacon.DecodedBeacon;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.delivery.DeliveryIds;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.delivery.EventDispatcher;
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

	private final BeaconDecoder decoder;

	private final EventDispatcher dispatcher;

	private final DataSize maxPayloadSize;

	private final Clock clock;

	BeaconController(BeaconDecoder decoder, EventDispatcher dispatcher, DataSize maxPayloadSize, Clock clock) {
		this.decoder = decoder;
		this.dispatcher = dispatcher;
		this.maxPayloadSize = maxPayloadSize;
		this.clock = clock;
	}

	/**
	 * Accepts one beacon batch.
	 * @param request the request carrying the batch
	 * @return 200 once delivered, 202 once queued
	 */
	@PostMapping(path = "${unisights.collect.path:/events}")
	public ResponseEntity<Map<String, Object>> collect(HttpServletRequest request) {
		RequestBodies.requireMediaType(request, ACCEPTED);
		byte[] body = RequestBodies.read(request, this.maxPayloadSize);
		DecodedBeacon decoded = decode(body);
		BeaconDelivery delivery = new BeaconDelivery(DeliveryIds.next(), decoded.payload(),
				RequestContexts.from(request, this.clock.instant()), decoded.contentDigest());
		DispatchResult result = this.dispatcher.dispatch(delivery);
		HttpStatus status = (result == DispatchResult.QUEUED) ? HttpStatus.ACCEPTED : HttpStatus.OK;
		return ResponseEntity.status(status)
			.body(Map.of("status", result.name().toLowerCase(Locale.ROOT), "id", delivery.id(), "events",
					decoded.payload().events().size()));
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
