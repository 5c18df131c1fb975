package io.unisights.spring.delivery;

import java.time.Instant;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.RequestContext;

/**
 * Distinct, valid plain beacons for delivery tests.
 */
final class Beacons {

	private static final BeaconDecoder decoder = BeaconDecoder.builder().build();

	private Beacons() {
	}

	/**
	 * A plain beacon body whose content differs for each {@code n}, so duplicate
	 * suppression does not apply across them.
	 */
	static String body(int n) {
		return """
				{"encrypted":false,"data":{"asset_id":"prop_123","session_id":"550e8400-e29b-41d4-a716-446655440000",
				"page_url":"https://example.com/products","entry_page":"https://example.com","exit_page":null,
				"utm_params":{"utm_source":"google"},"device_info":{"user_agent":"Mozilla/5.0","os":"Linux"},
				"scroll_depth":75,"time_on_page":%d,
				"events":[{"type":"page_view","data":{"location":"https://example.com/products","title":"Products","timestamp":1234567890}}]}}
				""".formatted(n);
	}

	static BeaconDelivery delivery(String id, int n) {
		return new BeaconDelivery(id, decoder.decode(body(n).getBytes()).payload(),
				new RequestContext("127.0.0.1", "test/1.0", null, Instant.parse("2025-01-01T00:00:00Z")));
	}

}
