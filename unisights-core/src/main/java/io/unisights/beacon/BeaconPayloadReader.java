package io.unisights.beacon;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.unisights.beacon.BeaconDecodingException.Reason;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps the payload object of a beacon ({@code data}) to the typed model, validating as it
 * goes. Paths in errors are built only when an error is thrown, so the happy path allocates
 * nothing for them.
 */
final class BeaconPayloadReader {

	private static final String ROOT = "data";

	private static final Paths ROOT_FIELDS = (name) -> ROOT + "." + name;

	private static final Paths DEVICE_FIELDS = (name) -> ROOT + ".device_info." + name;

	private final boolean validateSchema;

	private final boolean validateRequiredFields;

	BeaconPayloadReader(boolean validateSchema, boolean validateRequiredFields) {
		this.validateSchema = validateSchema;
		this.validateRequiredFields = validateRequiredFields;
	}

	BeaconPayload read(JsonNode data) {
		if (!data.isObject()) {
			throw invalid(ROOT, "must be a JSON object");
		}
		String assetId = requiredString(data, "asset_id");
		if (assetId != null && assetId.isBlank()) {
			throw invalid(ROOT + ".asset_id", "must not be blank");
		}
		String sessionId = requiredString(data, "session_id");
		if (sessionId != null && this.validateSchema && !isUuid(sessionId)) {
			throw invalid(ROOT + ".session_id", "must be a UUID");
		}
		String pageUrl = requiredString(data, "page_url");
		if (pageUrl != null && this.validateSchema && !isHttpUrl(pageUrl)) {
			throw invalid(ROOT + ".page_url", "must be an absolute http or https URL");
		}
		String entryPage = optionalString(data.get("entry_page"), ROOT_FIELDS, "entry_page");
		String exitPage = optionalString(data.get("exit_page"), ROOT_FIELDS, "exit_page");
		UtmParams utm = utmParams(data.get("utm_params"));
		DeviceInfo device = deviceInfo(data.get("device_info"));
		List<BeaconEvent> events = events(data.get("events"));
		Double scrollDepth = optionalNumber(data.get("scroll_depth"), ROOT_FIELDS, "scroll_depth", 0, 100);
		Double timeOnPage = optionalNumber(data.get("time_on_page"), ROOT_FIELDS, "time_on_page", 0,
				Double.MAX_VALUE);
		return new BeaconPayload(assetId, sessionId, pageUrl, entryPage, exitPage, utm, device, events, scrollDepth,
				timeOnPage);
	}

	private @Nullable String requiredString(JsonNode data, String name) {
		JsonNode node = data.get(name);
		if (isAbsent(node)) {
			if (this.validateRequiredFields) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, ROOT + "." + name, name + " is required");
			}
			return null;
		}
		if (!node.isString()) {
			throw invalid(ROOT + "." + name, "must be a string");
		}
		return node.stringValue();
	}

	private UtmParams utmParams(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			return UtmParams.none();
		}
		if (!node.isObject()) {
			throw invalid(ROOT + ".utm_params", "must be an object");
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

	private DeviceInfo deviceInfo(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			return DeviceInfo.unknown();
		}
		if (!node.isObject()) {
			throw invalid(ROOT + ".device_info", "must be an object");
		}
		Map<String, JsonNode> extras = new LinkedHashMap<>();
		String userAgent = null;
		String platform = null;
		String os = null;
		Integer width = null;
		Integer height = null;
		String deviceType = null;
		String referrer = null;
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String key = entry.getKey();
			JsonNode value = entry.getValue();
			switch (key) {
				case "user_agent" -> userAgent = optionalString(value, DEVICE_FIELDS, key);
				case "platform" -> platform = optionalString(value, DEVICE_FIELDS, key);
				case "os" -> os = optionalString(value, DEVICE_FIELDS, key);
				case "screen_width" -> width = optionalInt(value, DEVICE_FIELDS, key);
				case "screen_height" -> height = optionalInt(value, DEVICE_FIELDS, key);
				case "device_type" -> deviceType = optionalString(value, DEVICE_FIELDS, key);
				case "referrer" -> referrer = optionalString(value, DEVICE_FIELDS, key);
				default -> extras.put(key, value);
			}
		}
		return new DeviceInfo(userAgent, platform, os, width, height, deviceType, referrer, extras);
	}

	private List<BeaconEvent> events(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			if (this.validateRequiredFields) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, ROOT + ".events", "events is required");
			}
			return List.of();
		}
		if (!node.isArray()) {
			throw invalid(ROOT + ".events", "must be an array");
		}
		List<BeaconEvent> events = new ArrayList<>(node.size());
		for (int i = 0; i < node.size(); i++) {
			events.add(event(node.get(i), i));
		}
		return events;
	}

	private BeaconEvent event(JsonNode node, int index) {
		if (!node.isObject()) {
			throw invalid(eventPath(index, null), "must be an object");
		}
		JsonNode typeNode = node.get("type");
		if (isAbsent(typeNode)) {
			throw new BeaconDecodingException(Reason.MISSING_FIELD, eventPath(index, "type"), "type is required");
		}
		if (!typeNode.isString()) {
			throw invalid(eventPath(index, "type"), "must be a string");
		}
		String type = typeNode.stringValue();
		JsonNode data = node.get("data");
		if (isAbsent(data)) {
			throw new BeaconDecodingException(Reason.MISSING_FIELD, eventPath(index, "data"), "data is required");
		}
		if (!data.isObject()) {
			throw invalid(eventPath(index, "data"), "must be an object");
		}
		try {
			return typedEvent(type, (ObjectNode) data, index);
		}
		catch (BeaconDecodingException ex) {
			if (this.validateSchema) {
				throw ex;
			}
			// Without schema validation nothing the SDK sent is refused for its shape:
			// the host gets it untyped rather than not at all.
			return new BeaconEvent.Unknown(type, (ObjectNode) data);
		}
	}

	private BeaconEvent typedEvent(String type, ObjectNode data, int index) {
		EventFields fields = new EventFields(data, index);
		BeaconEvent event = switch (type) {
			case BeaconEvent.PageView.TYPE -> new BeaconEvent.PageView(fields.requiredString("location"),
					fields.optionalString("title"), fields.timestamp(), fields.extras());
			case BeaconEvent.Click.TYPE -> new BeaconEvent.Click(fields.requiredNumber("x"),
					fields.requiredNumber("y"), fields.timestamp(), fields.extras());
			case BeaconEvent.WebVital.TYPE -> webVital(fields);
			case BeaconEvent.Custom.TYPE -> custom(fields);
			case BeaconEvent.Error.TYPE -> new BeaconEvent.Error(fields.requiredString("message"),
					fields.optionalString("source"), fields.optionalCount("lineno"), fields.optionalCount("colno"),
					fields.timestamp(), fields.extras());
			default -> throw new BeaconDecodingException(Reason.UNKNOWN_EVENT_TYPE, eventPath(index, "type"),
					"unknown event type '" + type + "'");
		};
		return event;
	}

	private BeaconEvent.WebVital webVital(EventFields fields) {
		String name = fields.requiredString("name");
		BeaconEvent.WebVital.Metric metric = BeaconEvent.WebVital.Metric.fromWireName(name);
		if (metric == null) {
			throw invalid(fields.path("name"), "must be one of FCP, LCP, CLS, INP, TTFB, FID");
		}
		double value = fields.requiredNumber("value");
		String id = fields.optionalString("id");
		String ratingName = fields.optionalString("rating");
		BeaconEvent.WebVital.Rating rating = null;
		if (ratingName != null) {
			rating = BeaconEvent.WebVital.Rating.fromWireName(ratingName);
			if (rating == null) {
				throw invalid(fields.path("rating"), "must be one of good, needs-improvement, poor");
			}
		}
		Double delta = optionalNumber(fields.take("delta"), fields, "delta", -Double.MAX_VALUE, Double.MAX_VALUE);
		Integer entries = fields.optionalCount("entries");
		String navigationType = fields.optionalString("navigation_type");
		return new BeaconEvent.WebVital(metric, value, id, rating, delta, entries, navigationType,
				fields.timestamp(), fields.extras());
	}

	private BeaconEvent.Custom custom(EventFields fields) {
		String name = fields.requiredString("name");
		String raw = fields.optionalString("data");
		JsonNode parsed = null;
		if (raw != null) {
			try {
				parsed = BeaconJson.MAPPER.readTree(raw);
			}
			catch (JacksonException ex) {
				throw invalid(fields.path("data"), "must be a JSON document in a string");
			}
		}
		return new BeaconEvent.Custom(name, raw, parsed, fields.timestamp(), fields.extras());
	}

	/** The fields of one event's {@code data}: what is read is taken, the rest are extras. */
	private final class EventFields implements Paths {

		private final ObjectNode data;

		private final int index;

		// At most ten names per type: an array is cheaper than a set on this path.
		private final String[] takenNames = new String[10];

		private int taken;

		EventFields(ObjectNode data, int index) {
			this.data = data;
			this.index = index;
		}

		@Override
		public String path(String name) {
			return eventPath(this.index, "data." + name);
		}

		@Nullable JsonNode take(String name) {
			JsonNode node = this.data.get(name);
			if (node != null) {
				this.takenNames[this.taken++] = name;
			}
			return node;
		}

		String requiredString(String name) {
			JsonNode node = take(name);
			if (isAbsent(node)) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, path(name), name + " is required");
			}
			if (!node.isString()) {
				throw invalid(path(name), "must be a string");
			}
			return node.stringValue();
		}

		@Nullable String optionalString(String name) {
			return BeaconPayloadReader.optionalString(take(name), this, name);
		}

		double requiredNumber(String name) {
			JsonNode node = take(name);
			if (isAbsent(node)) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, path(name), name + " is required");
			}
			if (!node.isNumber()) {
				throw invalid(path(name), "must be a number");
			}
			return node.doubleValue();
		}

		@Nullable Integer optionalCount(String name) {
			return optionalInt(take(name), this, name);
		}

		Long timestamp() {
			JsonNode node = take("timestamp");
			if (isAbsent(node)) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, path("timestamp"), "timestamp is required");
			}
			if (!node.isNumber() || !isWhole(node) || node.doubleValue() < 0) {
				throw invalid(path("timestamp"), "must be a whole number of milliseconds since the epoch");
			}
			return node.longValue();
		}

		Map<String, JsonNode> extras() {
			if (this.taken == this.data.size()) {
				return Map.of();
			}
			Map<String, JsonNode> extras = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : this.data.properties()) {
				if (!wasTaken(entry.getKey())) {
					extras.put(entry.getKey(), entry.getValue());
				}
			}
			return extras;
		}

		private boolean wasTaken(String key) {
			for (int i = 0; i < this.taken; i++) {
				if (this.takenNames[i].equals(key)) {
					return true;
				}
			}
			return false;
		}

	}

	private static String eventPath(int index, @Nullable String suffix) {
		String event = ROOT + ".events[" + index + "]";
		return (suffix != null) ? event + "." + suffix : event;
	}

	private static @Nullable String optionalString(@Nullable JsonNode node, Paths paths, String name) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isString()) {
			throw invalid(paths.path(name), "must be a string");
		}
		return node.stringValue();
	}

	private static @Nullable Integer optionalInt(@Nullable JsonNode node, Paths paths, String name) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isNumber() || !isWhole(node) || !node.canConvertToInt() || node.intValue() < 0) {
			throw invalid(paths.path(name), "must be a whole number, 0 or more");
		}
		return node.intValue();
	}

	private static @Nullable Double optionalNumber(@Nullable JsonNode node, Paths paths, String name, double min,
			double max) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isNumber()) {
			throw invalid(paths.path(name), "must be a number");
		}
		double value = node.doubleValue();
		if (!(value >= min && value <= max)) {
			throw invalid(paths.path(name), (max == 100) ? "must be between 0 and 100" : "must be 0 or more");
		}
		return value;
	}

	private static boolean isWhole(JsonNode node) {
		if (node.isIntegralNumber()) {
			return node.canConvertToLong();
		}
		double value = node.doubleValue();
		return value == Math.rint(value) && Math.abs(value) < 0x1p53;
	}

	private static boolean isAbsent(@Nullable JsonNode node) {
		return node == null || node.isNull() || node.isMissingNode();
	}

	static boolean isUuid(String value) {
		if (value.length() != 36) {
			return false;
		}
		try {
			UUID.fromString(value);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static boolean isHttpUrl(String value) {
		try {
			URI uri = new URI(value);
			String scheme = uri.getScheme();
			return uri.isAbsolute() && uri.getHost() != null
					&& ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/** Builds the JSON path of a field, only when an error needs it. */
	@FunctionalInterface
	private interface Paths {

		String path(String name);

	}

	private static BeaconDecodingException invalid(String path, String problem) {
		return new BeaconDecodingException(Reason.INVALID_FIELD, path, path + " " + problem);
	}

}
