package io.unisights.beacon;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
			case ASSET_ID -> text(payload.assetId());
			case SESSION_ID -> text(payload.sessionId());
			case PAGE_URL -> text(payload.pageUrl());
			case ENTRY_PAGE -> text(payload.entryPage());
			case EXIT_PAGE -> text(payload.exitPage());
			case UTM_PARAMS -> utmParams(payload.utmParams());
			case DEVICE_INFO -> deviceInfo(payload.deviceInfo());
			// An empty list stands for absent events too (lenient decoding): not made up.
			case EVENTS -> (payload.events().isEmpty() && !payload.keys().contains(key.wireName()))
					? BeaconJson.NODES.nullNode() : events(payload.events());
			case SCROLL_DEPTH -> number(payload.scrollDepth());
			case TIME_ON_PAGE -> number(payload.timeOnPage());
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
			case USER_AGENT -> text(device.userAgent());
			case PLATFORM -> text(device.platform());
			case OS -> text(device.os());
			case SCREEN_WIDTH -> count(device.screenWidth());
			case SCREEN_HEIGHT -> count(device.screenHeight());
			case DEVICE_TYPE -> text(device.deviceType());
			case REFERRER -> text(device.referrer());
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
				case LOCATION -> text(view.location());
				case TITLE -> text(view.title());
				case TIMESTAMP -> number(view.timestamp());
			});
		}
		else if (event instanceof BeaconEvent.Click click) {
			write(json, click.keys(), WireKeys.CLICK, click.extras(), (key) -> switch (key) {
				case X -> BeaconJson.number(click.x());
				case Y -> BeaconJson.number(click.y());
				case TIMESTAMP -> number(click.timestamp());
			});
		}
		else if (event instanceof BeaconEvent.WebVital vital) {
			write(json, vital.keys(), WireKeys.WEB_VITAL, vital.extras(), (key) -> switch (key) {
				case NAME -> text(vital.name().name());
				case VALUE -> BeaconJson.number(vital.value());
				case ID -> text(vital.id());
				case RATING -> text((vital.rating() != null) ? vital.rating().wireName() : null);
				case DELTA -> number(vital.delta());
				case ENTRIES -> count(vital.entries());
				case NAVIGATION_TYPE -> text(vital.navigationType());
				case TIMESTAMP -> number(vital.timestamp());
			});
		}
		else if (event instanceof BeaconEvent.Custom custom) {
			write(json, custom.keys(), WireKeys.CUSTOM, custom.extras(), (key) -> switch (key) {
				case NAME -> text(custom.name());
				case DATA -> text(custom.rawData());
				case TIMESTAMP -> number(custom.timestamp());
			});
		}
		else {
			BeaconEvent.Error error = (BeaconEvent.Error) event;
			write(json, error.keys(), WireKeys.ERROR, error.extras(), (key) -> switch (key) {
				case MESSAGE -> text(error.message());
				case SOURCE -> text(error.source());
				case LINENO -> count(error.lineno());
				case COLNO -> count(error.colno());
				case TIMESTAMP -> number(error.timestamp());
			});
		}
		return json;
	}

	/**
	 * Writes an object's keys in the order received, then any declared value or extra the
	 * order does not list (a model object changed or built by hand).
	 */
	private static <K extends Enum<K> & WireKeys.Key> void write(ObjectNode json, List<String> keys,
			WireKeys.Table<K> table, Map<String, JsonNode> extras, Function<K, JsonNode> values) {
		for (String name : keys) {
			K key = table.key(name);
			if (key != null) {
				json.set(name, values.apply(key));
			}
			else {
				JsonNode extra = extras.get(name);
				if (extra != null) {
					json.set(name, BeaconJson.jsCopy(extra));
				}
			}
		}
		if (keys == table.names()) {
			putExtras(json, extras);
			return;
		}
		for (K key : table.keys()) {
			if (!json.has(key.wireName())) {
				JsonNode value = values.apply(key);
				if (!value.isNull()) {
					json.set(key.wireName(), value);
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

}
