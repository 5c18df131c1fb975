package io.unisights.beacon;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between {@link BeaconPayload} and the SDK's snake_case JSON. Writing always emits
 * the ten top-level keys ({@code null} where a value is absent), and numbers the way
 * JavaScript does: a whole double is written without a fraction ({@code 75}, not
 * {@code 75.0}), so a payload read and written again is the JSON that was sent.
 */
public final class BeaconWireFormat {

	private static final BeaconPayloadReader LENIENT_READER = new BeaconPayloadReader(false, false);

	private static final BeaconPayloadReader STRICT_READER = new BeaconPayloadReader(true, true);

	private BeaconWireFormat() {
	}

	/**
	 * Writes a payload as the {@code data} object of a beacon.
	 * @param payload the payload
	 * @return a new JSON object the caller may modify
	 */
	public static ObjectNode toJson(BeaconPayload payload) {
		ObjectNode json = BeaconJson.NODES.objectNode();
		json.put("asset_id", payload.assetId());
		json.put("session_id", payload.sessionId());
		json.put("page_url", payload.pageUrl());
		json.put("entry_page", payload.entryPage());
		json.put("exit_page", payload.exitPage());
		ObjectNode utm = json.putObject("utm_params");
		payload.utmParams().values().forEach(utm::put);
		writeDevice(json.putObject("device_info"), payload.deviceInfo());
		ArrayNode events = json.putArray("events");
		for (BeaconEvent event : payload.events()) {
			writeEvent(events.addObject(), event);
		}
		putNumber(json, "scroll_depth", payload.scrollDepth());
		putNumber(json, "time_on_page", payload.timeOnPage());
		return json;
	}

	/**
	 * Writes a payload as UTF-8 JSON bytes, the plaintext an SDK would encrypt.
	 * @param payload the payload
	 * @return the JSON bytes
	 */
	public static byte[] toBytes(BeaconPayload payload) {
		return BeaconJson.MAPPER.writeValueAsBytes(toJson(payload));
	}

	/**
	 * Reads the {@code data} object of a beacon with full validation.
	 * @param data the JSON object
	 * @return the payload
	 * @throws BeaconDecodingException when the object is not a valid payload
	 */
	public static BeaconPayload fromJson(JsonNode data) {
		return STRICT_READER.read(data);
	}

	/**
	 * Reads the {@code data} object of a beacon, typing what it can and accepting the rest,
	 * as a decoder with both validations off does.
	 * @param data the JSON object
	 * @return the payload
	 * @throws BeaconDecodingException when a field has a type the model cannot hold
	 */
	public static BeaconPayload fromJsonLeniently(JsonNode data) {
		return LENIENT_READER.read(data);
	}

	private static void writeDevice(ObjectNode json, DeviceInfo device) {
		putIfPresent(json, "user_agent", device.userAgent());
		putIfPresent(json, "platform", device.platform());
		putIfPresent(json, "os", device.os());
		if (device.screenWidth() != null) {
			json.put("screen_width", device.screenWidth());
		}
		if (device.screenHeight() != null) {
			json.put("screen_height", device.screenHeight());
		}
		putIfPresent(json, "device_type", device.deviceType());
		putIfPresent(json, "referrer", device.referrer());
		putExtras(json, device.extras());
	}

	private static void writeEvent(ObjectNode json, BeaconEvent event) {
		json.put("type", event.type());
		if (event instanceof BeaconEvent.Unknown unknown) {
			json.set("data", unknown.data().deepCopy());
			return;
		}
		ObjectNode data = json.putObject("data");
		Map<String, JsonNode> extras;
		if (event instanceof BeaconEvent.PageView pageView) {
			data.put("location", pageView.location());
			putIfPresent(data, "title", pageView.title());
			extras = pageView.extras();
		}
		else if (event instanceof BeaconEvent.Click click) {
			putNumber(data, "x", click.x());
			putNumber(data, "y", click.y());
			extras = click.extras();
		}
		else if (event instanceof BeaconEvent.WebVital vital) {
			data.put("name", vital.name().name());
			putNumber(data, "value", vital.value());
			putIfPresent(data, "id", vital.id());
			if (vital.rating() != null) {
				data.put("rating", vital.rating().wireName());
			}
			if (vital.delta() != null) {
				putNumber(data, "delta", vital.delta());
			}
			if (vital.entries() != null) {
				data.put("entries", vital.entries());
			}
			putIfPresent(data, "navigation_type", vital.navigationType());
			extras = vital.extras();
		}
		else if (event instanceof BeaconEvent.Custom custom) {
			data.put("name", custom.name());
			putIfPresent(data, "data", custom.rawData());
			extras = custom.extras();
		}
		else {
			BeaconEvent.Error error = (BeaconEvent.Error) event;
			data.put("message", error.message());
			putIfPresent(data, "source", error.source());
			if (error.lineno() != null) {
				data.put("lineno", error.lineno());
			}
			if (error.colno() != null) {
				data.put("colno", error.colno());
			}
			extras = error.extras();
		}
		data.put("timestamp", event.timestamp());
		putExtras(data, extras);
	}

	private static void putExtras(ObjectNode json, Map<String, JsonNode> extras) {
		if (!extras.isEmpty()) {
			extras.forEach((key, value) -> json.set(key, value.deepCopy()));
		}
	}

	private static void putIfPresent(ObjectNode json, String name, @Nullable String value) {
		if (value != null) {
			json.put(name, value);
		}
	}

	private static void putNumber(ObjectNode json, String name, @Nullable Double value) {
		if (value == null) {
			json.putNull(name);
		}
		else {
			putNumber(json, name, value.doubleValue());
		}
	}

	private static void putNumber(ObjectNode json, String name, double value) {
		// JavaScript has one number type: 75.0 goes on the wire as 75.
		if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
			json.put(name, (long) value);
		}
		else {
			json.put(name, value);
		}
	}

}
