package io.unisights.beacon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.unisights.beacon.WireKeys.DeviceKey;
import io.unisights.beacon.WireKeys.PayloadKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.unisights.beacon.TreeValues.HTTP_URL;
import static io.unisights.beacon.TreeValues.ROOT;
import static io.unisights.beacon.TreeValues.invalid;
import static io.unisights.beacon.TreeValues.isAbsent;
import static io.unisights.beacon.TreeValues.missing;
import static io.unisights.beacon.TreeValues.optionalInt;
import static io.unisights.beacon.TreeValues.optionalNumber;
import static io.unisights.beacon.TreeValues.optionalString;

/**
 * The tree reader: maps the payload object of a beacon ({@code data}) to the typed model,
 * validating as it goes. It is the one judge of what is valid, and names the field at fault:
 * the fast reader ({@link SdkLayoutReader}) only takes what this reader would take, to the
 * same records. Paths in errors are built only when an error is thrown, so the happy path
 * allocates nothing for them.
 */
final class BeaconPayloadReader {

	private static final TreeValues.Paths ROOT_FIELDS = (name) -> ROOT + "." + name;

	private static final TreeValues.Paths DEVICE_FIELDS = (name) -> ROOT + ".device_info." + name;

	private final boolean validateSchema;

	private final boolean validateRequiredFields;

	private final BeaconEventReader events;

	BeaconPayloadReader(boolean validateSchema, boolean validateRequiredFields) {
		this.validateSchema = validateSchema;
		this.validateRequiredFields = validateRequiredFields;
		this.events = new BeaconEventReader(validateSchema);
	}

	BeaconPayload read(JsonNode data) {
		if (!data.isObject()) {
			throw invalid(ROOT, "must be a JSON object");
		}
		String assetId = requiredString(data, PayloadKey.ASSET_ID);
		if (assetId != null && assetId.isBlank()) {
			throw invalid(ROOT + ".asset_id", "must not be blank");
		}
		String sessionId = requiredString(data, PayloadKey.SESSION_ID);
		if (sessionId != null && this.validateSchema && !TreeValues.isUuid(sessionId)) {
			throw invalid(ROOT + ".session_id", "must be a UUID");
		}
		String pageUrl = requiredString(data, PayloadKey.PAGE_URL);
		if (pageUrl != null && this.validateSchema && !WebUrl.isHttp(pageUrl)) {
			throw invalid(ROOT + ".page_url", HTTP_URL);
		}
		String entryPage = optionalUrl(data, PayloadKey.ENTRY_PAGE);
		String exitPage = optionalUrl(data, PayloadKey.EXIT_PAGE);
		UtmParams utm = utmParams(object(data, PayloadKey.UTM_PARAMS));
		DeviceInfo device = deviceInfo(object(data, PayloadKey.DEVICE_INFO));
		List<BeaconEvent> events = events(data.get(PayloadKey.EVENTS.wireName()));
		Double scrollDepth = number(data, PayloadKey.SCROLL_DEPTH);
		Double timeOnPage = number(data, PayloadKey.TIME_ON_PAGE);
		List<String> keys = new ArrayList<>(WireKeys.PAYLOAD.names().size());
		for (String key : data.propertyNames()) {
			if (WireKeys.PAYLOAD.key(key) != null) {
				keys.add(key);
			}
		}
		return new BeaconPayload(assetId, sessionId, pageUrl, entryPage, exitPage, utm, device, events, scrollDepth,
				timeOnPage, WireKeys.PAYLOAD.of(keys));
	}

	private @Nullable String requiredString(JsonNode data, PayloadKey key) {
		String name = key.wireName();
		JsonNode node = data.get(name);
		if (isAbsent(node)) {
			if (this.validateRequiredFields) {
				throw missing(ROOT + "." + name, name);
			}
			return null;
		}
		if (!node.isString()) {
			throw invalid(ROOT + "." + name, "must be a string");
		}
		return node.stringValue();
	}

	private @Nullable String optionalUrl(JsonNode data, PayloadKey key) {
		String name = key.wireName();
		String url = optionalString(data.get(name), ROOT_FIELDS, name);
		if (url != null && this.validateSchema && !WebUrl.isHttp(url)) {
			throw invalid(ROOT + "." + name, HTTP_URL);
		}
		return url;
	}

	private static @Nullable Double number(JsonNode data, PayloadKey key) {
		String name = key.wireName();
		return optionalNumber(data.get(name), ROOT_FIELDS, name, NumberRange.NON_NEGATIVE);
	}

	/** The object under a key, or {@code null} where it is absent. */
	private static @Nullable JsonNode object(JsonNode data, PayloadKey key) {
		JsonNode node = data.get(key.wireName());
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isObject()) {
			throw invalid(ROOT + "." + key.wireName(), "must be an object");
		}
		return node;
	}

	private static @Nullable UtmParams utmParams(@Nullable JsonNode node) {
		if (node == null) {
			return null;
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!entry.getValue().isString()) {
				throw invalid(ROOT + ".utm_params." + entry.getKey(), "must be a string");
			}
			values.put(entry.getKey(), entry.getValue().stringValue());
		}
		return new UtmParams(values);
	}

	private static @Nullable DeviceInfo deviceInfo(@Nullable JsonNode node) {
		if (node == null) {
			return null;
		}
		Map<String, JsonNode> extras = new LinkedHashMap<>();
		DeviceFields fields = new DeviceFields();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String name = entry.getKey();
			JsonNode value = entry.getValue();
			DeviceKey key = WireKeys.DEVICE.key(name);
			if (key == null) {
				extras.put(name, TreeValues.finite(value, DEVICE_FIELDS, name));
			}
			else if (key.isCount()) {
				fields.count(key, optionalInt(value, DEVICE_FIELDS, name));
			}
			else {
				fields.text(key, optionalString(value, DEVICE_FIELDS, name));
			}
		}
		return fields.build(extras, WireKeys.DEVICE.of(new ArrayList<>(node.propertyNames())));
	}

	private List<BeaconEvent> events(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			if (this.validateRequiredFields) {
				throw missing(ROOT + ".events", "events");
			}
			return List.of();
		}
		if (!node.isArray()) {
			throw invalid(ROOT + ".events", "must be an array");
		}
		List<BeaconEvent> events = new ArrayList<>(node.size());
		for (int i = 0; i < node.size(); i++) {
			events.add(this.events.read(node.get(i), i));
		}
		return events;
	}

}
