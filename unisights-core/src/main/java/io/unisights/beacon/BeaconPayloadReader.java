package io.unisights.beacon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.unisights.beacon.BeaconDecodingException.Reason;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps the payload object of a beacon ({@code data}) to the typed model, validating as it
 * goes. It is the one judge of what is valid: {@link BeaconStreamReader} only takes what
 * this reader would take. Paths in errors are built only when an error is thrown, so the
 * happy path allocates nothing for them.
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
			throw invalid(ROOT + ".page_url", HTTP_URL);
		}
		String entryPage = optionalUrl(data.get("entry_page"), "entry_page");
		String exitPage = optionalUrl(data.get("exit_page"), "exit_page");
		UtmParams utm = utmParams(data.get("utm_params"));
		DeviceInfo device = deviceInfo(data.get("device_info"));
		List<BeaconEvent> events = events(data.get("events"));
		Double scrollDepth = optionalNumber(data.get("scroll_depth"), ROOT_FIELDS, "scroll_depth", Range.NON_NEGATIVE);
		Double timeOnPage = optionalNumber(data.get("time_on_page"), ROOT_FIELDS, "time_on_page", Range.NON_NEGATIVE);
		List<String> keys = new ArrayList<>(WireKeys.PAYLOAD.size());
		for (String key : data.propertyNames()) {
			if (WireKeys.PAYLOAD.contains(key)) {
				keys.add(key);
			}
		}
		return new BeaconPayload(assetId, sessionId, pageUrl, entryPage, exitPage, utm, device, events, scrollDepth,
				timeOnPage, WireKeys.of(keys, WireKeys.PAYLOAD));
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

	private @Nullable String optionalUrl(@Nullable JsonNode node, String name) {
		String url = optionalString(node, ROOT_FIELDS, name);
		if (url != null && this.validateSchema && !isHttpUrl(url)) {
			throw invalid(ROOT + "." + name, HTTP_URL);
		}
		return url;
	}

	private static @Nullable UtmParams utmParams(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			return null;
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

	private static @Nullable DeviceInfo deviceInfo(@Nullable JsonNode node) {
		if (isAbsent(node)) {
			return null;
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
				default -> extras.put(key, finite(value, DEVICE_FIELDS, key));
			}
		}
		return new DeviceInfo(userAgent, platform, os, width, height, deviceType, referrer, extras,
				WireKeys.of(new ArrayList<>(node.propertyNames()), WireKeys.DEVICE));
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
		// Checked before typing, so that no mode lets through a number no writer can write.
		String nonFinite = BeaconJson.nonFinite(data);
		if (nonFinite != null) {
			throw invalid(eventPath(index, "data" + nonFinite), NOT_FINITE);
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
		return switch (type) {
			case BeaconEvent.PageView.TYPE -> pageView(fields);
			case BeaconEvent.Click.TYPE -> new BeaconEvent.Click(fields.requiredNumber("x"),
					fields.requiredNumber("y"), fields.timestamp(), fields.extras(), fields.keys(WireKeys.CLICK));
			case BeaconEvent.WebVital.TYPE -> webVital(fields);
			case BeaconEvent.Custom.TYPE -> custom(fields);
			case BeaconEvent.Error.TYPE -> new BeaconEvent.Error(fields.requiredString("message"),
					fields.optionalString("source"), fields.optionalCount("lineno"), fields.optionalCount("colno"),
					fields.timestamp(), fields.extras(), fields.keys(WireKeys.ERROR));
			default -> throw new BeaconDecodingException(Reason.UNKNOWN_EVENT_TYPE, eventPath(index, "type"),
					"unknown event type '" + type + "'");
		};
	}

	private BeaconEvent.PageView pageView(EventFields fields) {
		String location = fields.requiredString("location");
		if (this.validateSchema && !isHttpUrl(location)) {
			throw invalid(fields.path("location"), HTTP_URL);
		}
		return new BeaconEvent.PageView(location, fields.optionalString("title"), fields.timestamp(),
				fields.extras(), fields.keys(WireKeys.PAGE_VIEW));
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
		Double delta = optionalNumber(fields.take("delta"), fields, "delta", Range.FINITE);
		Integer entries = fields.optionalCount("entries");
		String navigationType = fields.optionalString("navigation_type");
		return new BeaconEvent.WebVital(metric, value, id, rating, delta, entries, navigationType,
				fields.timestamp(), fields.extras(), fields.keys(WireKeys.WEB_VITAL));
	}

	private static BeaconEvent.Custom custom(EventFields fields) {
		String name = fields.requiredString("name");
		String raw = fields.optionalString("data");
		if (raw != null) {
			String problem = CustomData.problem(raw);
			if (problem != null) {
				throw invalid(fields.path("data"), problem);
			}
		}
		return new BeaconEvent.Custom(name, raw, fields.timestamp(), fields.extras(), fields.keys(WireKeys.CUSTOM));
	}

	/** The fields of one event's {@code data}: what is read is taken, the rest are extras. */
	private static final class EventFields implements Paths {

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
			Double value = optionalNumber(take(name), this, name, Range.FINITE);
			if (value == null) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, path(name), name + " is required");
			}
			return value;
		}

		@Nullable Integer optionalCount(String name) {
			return optionalInt(take(name), this, name);
		}

		Double timestamp() {
			Double value = optionalNumber(take("timestamp"), this, "timestamp", Range.TIMESTAMP);
			if (value == null) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, path("timestamp"), "timestamp is required");
			}
			return value;
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

		List<String> keys(List<String> canonical) {
			return WireKeys.of(new ArrayList<>(this.data.propertyNames()), canonical);
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

	/** The accepted range of a number field, and how a refusal says so. */
	enum Range {

		FINITE(-Double.MAX_VALUE, Double.MAX_VALUE, "must be a finite number"),

		NON_NEGATIVE(0, Double.MAX_VALUE, "must be a finite number, 0 or more"),

		// The range of a JavaScript Date, which is what Date.now() comes from.
		TIMESTAMP(0, BeaconJson.MAX_TIMESTAMP, "must be milliseconds since the epoch, from 0 to 8.64e15");

		final double min;

		final double max;

		final String problem;

		Range(double min, double max, String problem) {
			this.min = min;
			this.max = max;
			this.problem = problem;
		}

		boolean contains(double value) {
			return value >= this.min && value <= this.max;
		}

	}

	private static final String HTTP_URL = "must be an http or https URL with a host";

	private static final String NOT_FINITE = "must be a finite number: it is beyond the range of a double";

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
			throw invalid(paths.path(name), "must be a whole number from 0 to 2147483647");
		}
		return node.intValue();
	}

	private static @Nullable Double optionalNumber(@Nullable JsonNode node, Paths paths, String name, Range range) {
		if (isAbsent(node)) {
			return null;
		}
		if (!node.isNumber()) {
			throw invalid(paths.path(name), "must be a number");
		}
		double value = doubleOf(node);
		if (!range.contains(value)) {
			throw invalid(paths.path(name), range.problem);
		}
		return value;
	}

	/**
	 * The double a JSON number stands for, as JavaScript's {@code JSON.parse} reads it:
	 * nearest double, {@code -0} as 0, out of range as infinite (which no range contains).
	 */
	static double doubleOf(JsonNode node) {
		double value;
		if (node.isBigInteger()) {
			value = node.bigIntegerValue().doubleValue();
		}
		else if (node.isBigDecimal()) {
			value = node.decimalValue().doubleValue();
		}
		else {
			value = node.doubleValue();
		}
		return value + 0.0;
	}

	private static JsonNode finite(JsonNode value, Paths paths, String name) {
		String nonFinite = BeaconJson.nonFinite(value);
		if (nonFinite != null) {
			throw invalid(paths.path(name) + nonFinite, NOT_FINITE);
		}
		return value;
	}

	private static boolean isWhole(JsonNode node) {
		if (node.isIntegralNumber()) {
			return node.canConvertToLong();
		}
		double value = doubleOf(node);
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
		return WebUrl.isHttp(value);
	}

	/** Builds the JSON path of a field, only when an error needs it. */
	@FunctionalInterface
	private interface Paths {

		String path(String name);

	}

	private static BeaconDecodingException invalid(String path, String problem) {
		return BeaconDecodingException.ofField(Reason.INVALID_FIELD, path, problem);
	}

}
