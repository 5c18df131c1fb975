package io.unisights.spring.forward;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.RequestContext;

/**
 * Deliveries of each kind for forwarder tests, built as the endpoints build them.
 */
final class Deliveries {

	private static final BeaconDecoder decoder = BeaconDecoder.builder().build();

	private static final RequestContext CONTEXT = new RequestContext("127.0.0.1", "test/1.0", null,
			Instant.parse("2026-01-01T00:00:00Z"));

	private Deliveries() {
	}

	static BeaconDelivery beacon(String id) {
		String body = """
				{"encrypted":false,"data":{"asset_id":"site","session_id":"%s","page_url":"https://example.com/",
				"events":[{"type":"page_view","data":{"location":"https://example.com/","timestamp":1763900000000}}]}}
				""".formatted(UUID.randomUUID());
		return new BeaconDelivery(id, decoder.decode(body.getBytes(StandardCharsets.UTF_8)).payload(), CONTEXT);
	}

	static IngestDelivery ingest(String eventId) {
		CanonicalEvent event = CanonicalEvent.builder("order.created")
			.id(eventId)
			.source("shop")
			.data("total", 42)
			.build();
		return IngestDelivery.of(event, CONTEXT);
	}

}
