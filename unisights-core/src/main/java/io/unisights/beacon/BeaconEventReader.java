package io.unisights.beacon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.unisights.beacon.BeaconDecodingException.Reason;
import io.unisights.beacon.WireKeys.ClickKey;
import io.unisights.beacon.WireKeys.CustomKey;
import io.unisights.beacon.WireKeys.ErrorKey;
import io.unisights.beacon.WireKeys.PageViewKey;
import io.unisights.beacon.WireKeys.WebVitalKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.unisights.beacon.TreeValues.HTTP_URL;
import static io.unisights.beacon.TreeValues.NOT_FINITE;
import static io.unisights.beacon.TreeValues.ROOT;
import static io.unisights.beacon.TreeValues.invalid;
import static io.unisights.beacon.TreeValues.isAbsent;
import static io.unisights.beacon.TreeValues.missing;

/**
 * The tree reader's part for one event of {@code events}: its type, then its {@code data}
 * by the keys {@link WireKeys} declares for that type, what it does not declare kept as
 * extras. Without schema validation an event that does not type is passed on untyped.
 */
final class BeaconEventReader {

	private final boolean validateSchema;

	BeaconEventReader(boolean validateSchema) {
		this.validateSchema = validateSchema;
	}

	BeaconEvent read(JsonNode node, int index) {
		if (!node.isObject()) {
			throw invalid(eventPath(index, null), "must be an object");
		}
		JsonNode typeNode = node.get("type");
		if (isAbsent(typeNode)) {
			throw missing(eventPath(index, "type"), "type");
		}
		if (!typeNode.isString()) {
			throw invalid(eventPath(index, "type"), "must be a string");
		}
		String type = typeNode.stringValue();
		JsonNode data = node.get("data");
		if (isAbsent(data)) {
			throw missing(eventPath(index, "data"), "data");
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
			return typed(type, (ObjectNode) data, index);
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

	private BeaconEvent typed(String type, ObjectNode data, int index) {
		EventFields fields = new EventFields(data, index);
		return switch (type) {
			case BeaconEvent.PageView.TYPE -> pageView(fields);
			case BeaconEvent.Click.TYPE -> new BeaconEvent.Click(fields.requiredNumber(ClickKey.X),
					fields.requiredNumber(ClickKey.Y), fields.timestamp(ClickKey.TIMESTAMP), fields.extras(),
					fields.keys(WireKeys.CLICK));
			case BeaconEvent.WebVital.TYPE -> webVital(fields);
			case BeaconEvent.Custom.TYPE -> custom(fields);
			case BeaconEvent.Error.TYPE -> new BeaconEvent.Error(fields.requiredString(ErrorKey.MESSAGE),
					fields.optionalString(ErrorKey.SOURCE), fields.optionalCount(ErrorKey.LINENO),
					fields.optionalCount(ErrorKey.COLNO), fields.timestamp(ErrorKey.TIMESTAMP), fields.extras(),
					fields.keys(WireKeys.ERROR));
			default -> throw new BeaconDecodingException(Reason.UNKNOWN_EVENT_TYPE, eventPath(index, "type"),
					"unknown event type '" + type + "'", null);
		};
	}

	private BeaconEvent.PageView pageView(EventFields fields) {
		String location = fields.requiredString(PageViewKey.LOCATION);
		if (this.validateSchema && !WebUrl.isHttp(location)) {
			throw invalid(fields.path(PageViewKey.LOCATION.wireName()), HTTP_URL);
		}
		return new BeaconEvent.PageView(location, fields.optionalString(PageViewKey.TITLE),
				fields.timestamp(PageViewKey.TIMESTAMP), fields.extras(), fields.keys(WireKeys.PAGE_VIEW));
	}

	private static BeaconEvent.WebVital webVital(EventFields fields) {
		BeaconEvent.WebVital.Metric metric = BeaconEvent.WebVital.Metric
			.fromWireName(fields.requiredString(WebVitalKey.NAME));
		if (metric == null) {
			throw invalid(fields.path(WebVitalKey.NAME.wireName()), "must be one of FCP, LCP, CLS, INP, TTFB, FID");
		}
		double value = fields.requiredNumber(WebVitalKey.VALUE);
		String id = fields.optionalString(WebVitalKey.ID);
		String ratingName = fields.optionalString(WebVitalKey.RATING);
		BeaconEvent.WebVital.Rating rating = null;
		if (ratingName != null) {
			rating = BeaconEvent.WebVital.Rating.fromWireName(ratingName);
			if (rating == null) {
				throw invalid(fields.path(WebVitalKey.RATING.wireName()), "must be one of good, needs-improvement, poor");
			}
		}
		Double delta = fields.optionalNumber(WebVitalKey.DELTA, NumberRange.FINITE);
		Integer entries = fields.optionalCount(WebVitalKey.ENTRIES);
		String navigationType = fields.optionalString(WebVitalKey.NAVIGATION_TYPE);
		return new BeaconEvent.WebVital(metric, value, id, rating, delta, entries, navigationType,
				fields.timestamp(WebVitalKey.TIMESTAMP), fields.extras(), fields.keys(WireKeys.WEB_VITAL));
	}

	private static BeaconEvent.Custom custom(EventFields fields) {
		String name = fields.requiredString(CustomKey.NAME);
		String raw = fields.optionalString(CustomKey.DATA);
		if (raw != null) {
			String problem = CustomData.problem(raw);
			if (problem != null) {
				throw invalid(fields.path(CustomKey.DATA.wireName()), problem);
			}
		}
		return new BeaconEvent.Custom(name, raw, fields.timestamp(CustomKey.TIMESTAMP), fields.extras(),
				fields.keys(WireKeys.CUSTOM));
	}

	private static String eventPath(int index, @Nullable String suffix) {
		String event = ROOT + ".events[" + index + "]";
		return (suffix != null) ? event + "." + suffix : event;
	}

	/** The fields of one event's {@code data}: what is read is taken, the rest are extras. */
	private static final class EventFields implements TreeValues.Paths {

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

		private @Nullable JsonNode take(WireKeys.Key key) {
			String name = key.wireName();
			JsonNode node = this.data.get(name);
			if (node != null) {
				this.takenNames[this.taken++] = name;
			}
			return node;
		}

		String requiredString(WireKeys.Key key) {
			JsonNode node = take(key);
			if (isAbsent(node)) {
				throw missing(path(key.wireName()), key.wireName());
			}
			if (!node.isString()) {
				throw invalid(path(key.wireName()), "must be a string");
			}
			return node.stringValue();
		}

		@Nullable String optionalString(WireKeys.Key key) {
			return TreeValues.optionalString(take(key), this, key.wireName());
		}

		@Nullable Double optionalNumber(WireKeys.Key key, NumberRange range) {
			return TreeValues.optionalNumber(take(key), this, key.wireName(), range);
		}

		double requiredNumber(WireKeys.Key key) {
			return required(key, NumberRange.FINITE);
		}

		@Nullable Integer optionalCount(WireKeys.Key key) {
			return TreeValues.optionalInt(take(key), this, key.wireName());
		}

		Double timestamp(WireKeys.Key key) {
			return required(key, NumberRange.TIMESTAMP);
		}

		private Double required(WireKeys.Key key, NumberRange range) {
			Double value = optionalNumber(key, range);
			if (value == null) {
				throw missing(path(key.wireName()), key.wireName());
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

		List<String> keys(WireKeys.Table<?> table) {
			return table.of(new ArrayList<>(this.data.propertyNames()));
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

}
