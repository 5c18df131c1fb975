package io.unisights.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.unisights.beacon.BeaconEncoder;

/**
 * Beacon bodies laid out as the SDK writes them (SDK-WIRE: {@code data} first, every key in
 * the SDK's order, the device and UTM objects sorted): the five event types in turn, the
 * session data of a desktop browser. Deterministic for a given size so runs compare.
 */
public final class Beacons {

	/** The site id the bodies are encrypted for. */
	public static final String SITE_ID = "bench-site";

	private Beacons() {
	}

	/**
	 * Returns the {@code data} object of a beacon with the given number of events.
	 * @param events how many events
	 * @param session the session id
	 * @return the JSON text
	 */
	public static String payload(int events, UUID session) {
		StringBuilder json = new StringBuilder(256 + events * 160);
		json.append("{\"asset_id\":\"").append(SITE_ID).append("\",\"session_id\":\"").append(session)
			.append("\",\"page_url\":\"https://shop.example.com/p/0?utm_source=news\",")
			.append("\"entry_page\":\"https://shop.example.com/\",\"exit_page\":null,")
			.append("\"utm_params\":{\"utm_campaign\":\"fall\",\"utm_medium\":\"email\",\"utm_source\":\"news\"},")
			.append("\"device_info\":{\"device_type\":\"Desktop\",\"os\":\"Linux\",\"platform\":\"Linux x86_64\",")
			.append("\"referrer\":\"direct\",\"screen_height\":1080,\"screen_width\":1920,")
			.append("\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0\"},\"events\":[");
		long timestamp = 1763900000000L;
		for (int i = 0; i < events; i++) {
			if (i > 0) {
				json.append(',');
			}
			timestamp += 250 + (i * 37) % 400;
			switch (i % 5) {
				case 0 -> json.append("{\"type\":\"page_view\",\"data\":{\"location\":\"https://shop.example.com/p/")
					.append(i)
					.append("\",\"title\":\"Products\",\"timestamp\":")
					.append(timestamp)
					.append("}}");
				case 1 -> json.append("{\"type\":\"click\",\"data\":{\"x\":")
					.append((i * 53) % 1900)
					.append(",\"y\":")
					.append((i * 31) % 1000)
					.append(",\"timestamp\":")
					.append(timestamp)
					.append("}}");
				case 2 -> json.append("{\"type\":\"web_vital\",\"data\":{\"name\":\"LCP\",\"value\":")
					.append(1200 + i)
					.append(".481,\"id\":\"v5-")
					.append(timestamp)
					.append("-2\",\"rating\":\"good\",\"delta\":31.834,\"entries\":3,")
					.append("\"navigation_type\":\"navigate\",\"timestamp\":")
					.append(timestamp)
					.append("}}");
				case 3 -> json.append("{\"type\":\"custom\",\"data\":{\"name\":\"rage_click\",")
					.append("\"data\":\"{\\\"x\\\": 10, \\\"y\\\": 20, \\\"count\\\": 3, \\\"target\\\": \\\"div\\\"}\",")
					.append("\"timestamp\":")
					.append(timestamp)
					.append("}}");
				default -> json.append("{\"type\":\"error\",\"data\":{\"message\":\"TypeError: x is undefined\",")
					.append("\"source\":\"https://shop.example.com/app.js\",\"lineno\":42,\"colno\":7,\"timestamp\":")
					.append(timestamp)
					.append("}}");
			}
		}
		json.append("],\"scroll_depth\":81.670142,\"time_on_page\":30.567158}");
		return json.toString();
	}

	/**
	 * Returns a plain beacon body.
	 * @param events how many events
	 * @param session the session id
	 * @return the UTF-8 body
	 */
	public static byte[] plain(int events, UUID session) {
		return ("{\"data\":" + payload(events, session) + ",\"encrypted\":false}").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Returns a body encrypted as the browser SDK does, at the current key bucket.
	 * @param events how many events
	 * @param session the session id
	 * @return the UTF-8 body
	 */
	public static byte[] encrypted(int events, UUID session) {
		byte[] payload = payload(events, session).getBytes(StandardCharsets.UTF_8);
		return BeaconEncoder.withoutServerSecret()
			.encrypt(payload, SITE_ID, BeaconEncoder.bucketOf(Instant.now()), "")
			.toString()
			.getBytes(StandardCharsets.UTF_8);
	}

}
