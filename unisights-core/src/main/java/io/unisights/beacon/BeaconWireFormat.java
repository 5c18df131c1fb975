package io.unisights.beacon;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between {@link BeaconPayload} and the SDK's snake_case JSON. Writing gives what
 * the SDK sent: the keys of each object in the order they arrived ({@code keys()} of each
 * model object), {@code null} where {@code null} was sent, absent keys absent, and numbers
 * as {@code JSON.stringify} writes them ({@code 0.0000041}, not {@code 4.1E-6};
 * {@code 1796097600000}, not {@code 1.7960976E12}) with whichever Jackson mapper writes the
 * tree. A payload built by hand is written with the SDK's keys in the SDK's order.
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
		write(json, payload.keys(), WireKeys.PAYLOAD, Map.of(), (key) -> switch (key) {
			case "asset_id" -> text(payload.assetId());
			case "session_id" -> text(payload.sessionId());
			case "page_url" -> text(payload.pageUrl());
			case "entry_page" -> text(payload.entryPage());
			case "exit_page" -> text(payload.exitPage());
			case "utm_params" -> utmParams(payload.utmParams());
			case "device_info" -> deviceInfo(payload.deviceInfo());
			// An empty list stands for absent events too (lenient decoding): not made up.
			case "events" -> (payload.events().isEmpty() && !payload.keys().contains("events"))
					? BeaconJson.NODES.nullNode() : events(payload.events());
			case "scroll_depth" -> number(payload.scrollDepth());
			default -> number(payload.timeOnPage());
		});
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

	private static JsonNode utmParams(@Nullable UtmParams utm) {
		if (utm == null) {
			return BeaconJson.NODES.nullNode();
		}
		ObjectNode json = BeaconJson.NODES.objectNode();
		utm.values().forEach(json::put);
		return json;
	}

	private static JsonNode deviceInfo(@Nullable DeviceInfo device) {
		if (device == null) {
			return BeaconJson.NODES.nullNode();
		}
		ObjectNode json = BeaconJson.NODES.objectNode();
		write(json, device.keys(), WireKeys.DEVICE, device.extras(), (key) -> switch (key) {
			case "user_agent" -> text(device.userAgent());
			case "platform" -> text(device.platform());
			case "os" -> text(device.os());
			case "screen_width" -> count(device.screenWidth());
			case "screen_height" -> count(device.screenHeight());
			case "device_type" -> text(device.deviceType());
			default -> text(device.referrer());
		});
		return json;
	}

	private static JsonNode events(List<BeaconEvent> events) {
		ArrayNode json = BeaconJson.NODES.arrayNode(events.size());
		for (BeaconEvent event : events) {
			ObjectNode wrapper = json.addObject();
			wrapper.put("type", event.type());
			wrapper.set("data", eventData(event));
		}
		return json;
	}

	private static JsonNode eventData(BeaconEvent event) {
		if (event instanceof BeaconEvent.Unknown unknown) {
			return BeaconJson.jsCopy(unknown.data());
		}
		ObjectNode json = BeaconJson.NODES.objectNode();
		if (event instanceof BeaconEvent.PageView view) {
			write(json, view.keys(), WireKeys.PAGE_VIEW, view.extras(), (key) -> switch (key) {
				case "location" -> text(view.location());
				case "title" -> text(view.title());
				default -> number(view.timestamp());
			});
		}
		else if (event instanceof BeaconEvent.Click click) {
			write(json, click.keys(), WireKeys.CLICK, click.extras(), (key) -> switch (key) {
				case "x" -> BeaconJson.number(click.x());
				case "y" -> BeaconJson.number(click.y());
				default -> number(click.timestamp());
			});
		}
		else if (event instanceof BeaconEvent.WebVital vital) {
			write(json, vital.keys(), WireKeys.WEB_VITAL, vital.extras(), (key) -> switch (key) {
				case "name" -> text(vital.name().name());
				case "value" -> BeaconJson.number(vital.value());
				case "id" -> text(vital.id());
				case "rating" -> text((vital.rating() != null) ? vital.rating().wireName() : null);
				case "delta" -> number(vital.delta());
				case "entries" -> count(vital.entries());
				case "navigation_type" -> text(vital.navigationType());
				default -> number(vital.timestamp());
			});
		}
		else if (event instanceof BeaconEvent.Custom custom) {
			write(json, custom.keys(), WireKeys.CUSTOM, custom.extras(), (key) -> switch (key) {
				case "name" -> text(custom.name());
				case "data" -> text(custom.rawData());
				default -> number(custom.timestamp());
			});
		}
		else {
			BeaconEvent.Error error = (BeaconEvent.Error) event;
			write(json, error.keys(), WireKeys.ERROR, error.extras(), (key) -> switch (key) {
				case "message" -> text(error.message());
				case "source" -> text(error.source());
				case "lineno" -> count(error.lineno());
				case "colno" -> count(error.colno());
				default -> number(error.timestamp());
			});
		}
		return json;
	}

	/**
	 * Writes an object's keys in the order received, then any known value or extra the
	 * order does not list (a model object changed or built by hand).
	 */
	private static void write(ObjectNode json, List<String> keys, List<String> known, Map<String, JsonNode> extras,
			Values values) {
		for (String key : keys) {
			if (known.contains(key)) {
				json.set(key, values.of(key));
			}
			else {
				JsonNode extra = extras.get(key);
				if (extra != null) {
					json.set(key, BeaconJson.jsCopy(extra));
				}
			}
		}
		if (keys == known) {
			putExtras(json, extras);
			return;
		}
		for (String key : known) {
			if (!json.has(key)) {
				JsonNode value = values.of(key);
				if (!value.isNull()) {
					json.set(key, value);
				}
			}
		}
		putExtras(json, extras);
	}

	private static void putExtras(ObjectNode json, Map<String, JsonNode> extras) {
		extras.forEach((key, value) -> {
			if (!json.has(key)) {
				json.set(key, BeaconJson.jsCopy(value));
			}
		});
	}

	private static JsonNode text(@Nullable String value) {
		return (value != null) ? BeaconJson.NODES.stringNode(value) : BeaconJson.NODES.nullNode();
	}

	private static JsonNode number(@Nullable Double value) {
		return (value != null) ? BeaconJson.number(value) : BeaconJson.NODES.nullNode();
	}

	private static JsonNode count(@Nullable Integer value) {
		return (value != null) ? BeaconJson.NODES.numberNode(value) : BeaconJson.NODES.nullNode();
	}

	/** The value of one known key of a model object, {@code null} node when absent. */
	@FunctionalInterface
	private interface Values {

		JsonNode of(String key);

	}

}
