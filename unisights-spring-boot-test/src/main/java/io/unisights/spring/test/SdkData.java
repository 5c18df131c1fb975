package io.unisights.spring.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The inner {@code data} object of an {@link SdkBeacon} as the browser SDK lays it out: its
 * values, with the defaults the builder starts from, and its keys and its events' keys in
 * the SDK's order.
 */
final class SdkData {

	String assetId = "test-site";

	String sessionId = UUID.randomUUID().toString();

	Instant time = Instant.now();

	String pageUrl = "https://shop.example.com/";

	@Nullable String entryPage;

	@Nullable String exitPage;

	final Map<String, String> utmParams = new LinkedHashMap<>();

	String deviceType = "Desktop";

	String os = "Linux";

	String platform = "Linux x86_64";

	String referrer = "direct";

	int screenHeight = 1080;

	int screenWidth = 1920;

	String userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	final List<Map<String, @Nullable Object>> events = new ArrayList<>();

	double scrollDepth = 0;

	double timeOnPage = 0;

	void event(String type, Map<String, @Nullable Object> data) {
		Map<String, @Nullable Object> event = new LinkedHashMap<>();
		event.put("type", type);
		event.put("data", data);
		this.events.add(event);
	}

	static Map<String, @Nullable Object> pageView(String location, @Nullable String title) {
		return ordered("location", location, "title", title);
	}

	static Map<String, @Nullable Object> click(double x, double y) {
		return ordered("x", x, "y", y);
	}

	static Map<String, @Nullable Object> webVital(String name, double value, String rating) {
		// The id is filled in when built, from the beacon's time, as web-vitals 5 makes them.
		return ordered("name", name, "value", value, "id", null, "rating", rating, "delta", value, "entries", 1L,
				"navigation_type", "navigate");
	}

	static Map<String, @Nullable Object> custom(String name, String json) {
		return ordered("name", name, "data", json);
	}

	static Map<String, @Nullable Object> error(String message, @Nullable String source, @Nullable Integer lineno,
			@Nullable Integer colno) {
		return ordered("message", message, "source", source, "lineno", (lineno != null) ? Long.valueOf(lineno) : null,
				"colno", (colno != null) ? Long.valueOf(colno) : null);
	}

	/** An event's data, its keys in the order given (the SDK's). */
	private static Map<String, @Nullable Object> ordered(@Nullable Object... keysAndValues) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			data.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return data;
	}

	/** A copy of the object as the SDK writes it, each event stamped with the beacon's time. */
	Map<String, @Nullable Object> toMap() {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("asset_id", this.assetId);
		data.put("session_id", this.sessionId);
		data.put("page_url", this.pageUrl);
		data.put("entry_page", (this.entryPage != null) ? this.entryPage : this.pageUrl);
		data.put("exit_page", this.exitPage);
		// The SDK sends the utm_* keys sorted, {} when there are none.
		data.put("utm_params", new TreeMap<>(this.utmParams));
		Map<String, @Nullable Object> device = new LinkedHashMap<>();
		device.put("device_type", this.deviceType);
		device.put("os", this.os);
		device.put("platform", this.platform);
		device.put("referrer", this.referrer);
		device.put("screen_height", (long) this.screenHeight);
		device.put("screen_width", (long) this.screenWidth);
		device.put("user_agent", this.userAgent);
		data.put("device_info", device);
		List<Map<String, @Nullable Object>> events = new ArrayList<>();
		int vitals = 0;
		for (Map<String, @Nullable Object> event : this.events) {
			@SuppressWarnings("unchecked")
			Map<String, @Nullable Object> eventData = new LinkedHashMap<>((Map<String, @Nullable Object>) event.get("data"));
			if ("web_vital".equals(event.get("type")) && eventData.get("id") == null) {
				eventData.put("id", "v5-" + this.time.toEpochMilli() + "-" + (1000000000000L + vitals++));
			}
			// Date.now() is a JavaScript number: a float to the SDK core.
			eventData.putIfAbsent("timestamp", (double) this.time.toEpochMilli());
			Map<String, @Nullable Object> copy = new LinkedHashMap<>();
			copy.put("type", event.get("type"));
			copy.put("data", eventData);
			events.add(copy);
		}
		data.put("events", events);
		data.put("scroll_depth", this.scrollDepth);
		data.put("time_on_page", this.timeOnPage);
		return data;
	}

}
