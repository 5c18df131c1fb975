package io.unisights.beacon;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event of a beacon batch. The SDK sends five types, each a record here; a decoder
 * built with {@code validateSchema(false)} also passes events it cannot type through as
 * {@link Unknown}, untouched.
 * <p>
 * Every typed event keeps the keys of its {@code data} object that this version does not
 * know in {@code extras}, so writing it back yields what was sent.
 */
public sealed interface BeaconEvent
		permits BeaconEvent.PageView, BeaconEvent.Click, BeaconEvent.WebVital, BeaconEvent.Custom,
		BeaconEvent.Error, BeaconEvent.Unknown {

	/**
	 * Returns the wire name of the event type, for example {@code page_view}.
	 * @return the type
	 */
	String type();

	/**
	 * Returns when the event happened in the browser, in milliseconds since the epoch
	 * ({@code Date.now()}, a JavaScript number, kept as the double it was), or {@code null}
	 * for an {@link Unknown} event.
	 * @return the timestamp
	 */
	@Nullable Double timestamp();

	private static Map<String, JsonNode> copy(Map<String, JsonNode> extras) {
		return extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
	}

	/**
	 * Returns the keys of the event's {@code data} object as received, in order, those sent
	 * as {@code null} included; an event built by hand has the SDK's keys in its order.
	 * {@link BeaconWireFormat} writes them back in this order.
	 * @return the keys, or an empty list for an {@link Unknown} event (written as sent)
	 */
	List<String> keys();

	/**
	 * A page was loaded ({@code page_view}).
	 *
	 * @param location the page's URL
	 * @param title the document title
	 * @param timestamp milliseconds since the epoch
	 * @param extras unknown keys of {@code data}
	 * @param keys the keys of {@code data} as received, in order
	 */
	record PageView(String location, @Nullable String title, Double timestamp, Map<String, JsonNode> extras,
			List<String> keys) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "page_view";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public PageView {
			extras = copy(extras);
			keys = List.copyOf(keys);
		}

		/**
		 * Creates the event with the SDK's keys, in its order.
		 * @param location the page's URL
		 * @param title the document title
		 * @param timestamp milliseconds since the epoch
		 * @param extras unknown keys of {@code data}
		 */
		public PageView(String location, @Nullable String title, Double timestamp, Map<String, JsonNode> extras) {
			this(location, title, timestamp, extras, WireKeys.PAGE_VIEW.names());
		}

		@Override
		public String type() {
			return TYPE;
		}

	}

	/**
	 * The user clicked ({@code click}).
	 *
	 * @param x horizontal position in CSS pixels
	 * @param y vertical position in CSS pixels
	 * @param timestamp milliseconds since the epoch
	 * @param extras unknown keys of {@code data}
	 * @param keys the keys of {@code data} as received, in order
	 */
	record Click(double x, double y, Double timestamp, Map<String, JsonNode> extras, List<String> keys)
			implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "click";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Click {
			extras = copy(extras);
			keys = List.copyOf(keys);
		}

		/**
		 * Creates the event with the SDK's keys, in its order.
		 * @param x horizontal position in CSS pixels
		 * @param y vertical position in CSS pixels
		 * @param timestamp milliseconds since the epoch
		 * @param extras unknown keys of {@code data}
		 */
		public Click(double x, double y, Double timestamp, Map<String, JsonNode> extras) {
			this(x, y, timestamp, extras, WireKeys.CLICK.names());
		}

		@Override
		public String type() {
			return TYPE;
		}

	}

	/**
	 * A Core Web Vitals measurement ({@code web_vital}).
	 *
	 * @param name the metric
	 * @param value the metric's value (milliseconds, or unitless for CLS)
	 * @param id the measurement id the web-vitals library assigns
	 * @param rating the rating band, when sent
	 * @param delta change since the last report of this metric
	 * @param entries number of performance entries behind the value
	 * @param navigationType how the page was reached, for example {@code navigate}
	 * ({@code navigation_type})
	 * @param timestamp milliseconds since the epoch
	 * @param extras unknown keys of {@code data}
	 * @param keys the keys of {@code data} as received, in order
	 */
	record WebVital(Metric name, double value, @Nullable String id, @Nullable Rating rating,
			@Nullable Double delta, @Nullable Integer entries, @Nullable String navigationType, Double timestamp,
			Map<String, JsonNode> extras, List<String> keys) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "web_vital";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public WebVital {
			extras = copy(extras);
			keys = List.copyOf(keys);
		}

		/**
		 * Creates the event with the SDK's keys, in its order.
		 * @param name the metric
		 * @param value the metric's value
		 * @param id the measurement id
		 * @param rating the rating band
		 * @param delta change since the last report
		 * @param entries number of performance entries
		 * @param navigationType how the page was reached
		 * @param timestamp milliseconds since the epoch
		 * @param extras unknown keys of {@code data}
		 */
		public WebVital(Metric name, double value, @Nullable String id, @Nullable Rating rating,
				@Nullable Double delta, @Nullable Integer entries, @Nullable String navigationType, Double timestamp,
				Map<String, JsonNode> extras) {
			this(name, value, id, rating, delta, entries, navigationType, timestamp, extras,
					WireKeys.WEB_VITAL.names());
		}

		@Override
		public String type() {
			return TYPE;
		}

		/** The metrics the SDK reports, named as on the wire. */
		public enum Metric {

			/** First Contentful Paint. */
			FCP,
			/** Largest Contentful Paint. */
			LCP,
			/** Cumulative Layout Shift. */
			CLS,
			/** Interaction to Next Paint. */
			INP,
			/** Time to First Byte. */
			TTFB,
			/** First Input Delay. */
			FID;

			private static final Metric[] ALL = values();

			static @Nullable Metric fromWireName(String name) {
				for (Metric metric : ALL) {
					if (metric.name().equals(name)) {
						return metric;
					}
				}
				return null;
			}

		}

		/** The rating bands of the web-vitals library. */
		public enum Rating {

			/** {@code good}. */
			GOOD,
			/** {@code needs-improvement}. */
			NEEDS_IMPROVEMENT,
			/** {@code poor}. */
			POOR;

			private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

			/**
			 * Returns the name as sent on the wire, for example {@code needs-improvement}.
			 * @return the wire name
			 */
			public String wireName() {
				return this.wireName;
			}

			private static final Rating[] ALL = values();

			static @Nullable Rating fromWireName(String name) {
				for (Rating rating : ALL) {
					if (rating.wireName.equals(name)) {
						return rating;
					}
				}
				return null;
			}

		}

	}

	/**
	 * An event the site defined ({@code custom}). The SDK sends its {@code data} as a string
	 * holding {@code JSON.stringify(value)} of any JSON value. The decoder checks that it is
	 * JSON within the parser's limits but keeps only the string; {@link #data()} parses it
	 * when asked.
	 *
	 * @param name the event name
	 * @param rawData the {@code data} string exactly as sent, or {@code null} when absent
	 * @param timestamp milliseconds since the epoch
	 * @param extras unknown keys of the event's {@code data} object
	 * @param keys the keys of the event's {@code data} object as received, in order
	 */
	record Custom(String name, @Nullable String rawData, Double timestamp, Map<String, JsonNode> extras,
			List<String> keys) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "custom";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Custom {
			extras = copy(extras);
			keys = List.copyOf(keys);
		}

		/**
		 * Creates the event with the SDK's keys, in its order.
		 * @param name the event name
		 * @param rawData the {@code data} string
		 * @param timestamp milliseconds since the epoch
		 * @param extras unknown keys of the event's {@code data} object
		 */
		public Custom(String name, @Nullable String rawData, Double timestamp, Map<String, JsonNode> extras) {
			this(name, rawData, timestamp, extras, WireKeys.CUSTOM.names());
		}

		/**
		 * Parses {@link #rawData()}, afresh on every call (the tree is not retained, so a
		 * batch that nobody reads costs no trees).
		 * @return the parsed value, or {@code null} when {@code data} was absent or blank
		 * @throws tools.jackson.core.JacksonException when the string is not JSON, which
		 * only a hand-built event can hold
		 */
		public @Nullable JsonNode data() {
			if (this.rawData == null || this.rawData.isBlank()) {
				return null;
			}
			return BeaconJson.MAPPER.readTree(this.rawData);
		}

		@Override
		public String type() {
			return TYPE;
		}

	}

	/**
	 * A JavaScript error on the page ({@code error}).
	 *
	 * @param message the error message
	 * @param source the script URL, when known
	 * @param lineno the line number, when known
	 * @param colno the column number, when known
	 * @param timestamp milliseconds since the epoch
	 * @param extras unknown keys of {@code data}, such as a stack trace
	 * @param keys the keys of {@code data} as received, in order
	 */
	record Error(String message, @Nullable String source, @Nullable Integer lineno, @Nullable Integer colno,
			Double timestamp, Map<String, JsonNode> extras, List<String> keys) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "error";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Error {
			extras = copy(extras);
			keys = List.copyOf(keys);
		}

		/**
		 * Creates the event with the SDK's keys, in its order.
		 * @param message the error message
		 * @param source the script URL
		 * @param lineno the line number
		 * @param colno the column number
		 * @param timestamp milliseconds since the epoch
		 * @param extras unknown keys of {@code data}
		 */
		public Error(String message, @Nullable String source, @Nullable Integer lineno, @Nullable Integer colno,
				Double timestamp, Map<String, JsonNode> extras) {
			this(message, source, lineno, colno, timestamp, extras, WireKeys.ERROR.names());
		}

		@Override
		public String type() {
			return TYPE;
		}

	}

	/**
	 * An event passed through without typing, only when schema validation is off: an
	 * unknown type, or a known type whose data did not validate.
	 *
	 * @param type the type as sent
	 * @param data the event's {@code data} object as sent (a copy)
	 */
	record Unknown(String type, ObjectNode data) implements BeaconEvent {

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Unknown {
			data = data.deepCopy();
		}

		@Override
		public @Nullable Double timestamp() {
			return null;
		}

		@Override
		public List<String> keys() {
			return List.of();
		}

	}

}
