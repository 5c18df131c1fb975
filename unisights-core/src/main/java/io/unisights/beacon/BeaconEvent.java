package io.unisights.beacon;

import java.util.Collections;
import java.util.LinkedHashMap;
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
	 * Returns when the event happened in the browser, in milliseconds since the epoch, or
	 * {@code null} for an {@link Unknown} event.
	 * @return the timestamp
	 */
	@Nullable Long timestamp();

	private static Map<String, JsonNode> copy(Map<String, JsonNode> extras) {
		return extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
	}

	/**
	 * A page was loaded ({@code page_view}).
	 *
	 * @param location the page's URL
	 * @param title the document title
	 * @param timestamp milliseconds since the epoch
	 * @param extras unknown keys of {@code data}
	 */
	record PageView(String location, @Nullable String title, Long timestamp,
			Map<String, JsonNode> extras) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "page_view";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public PageView {
			extras = copy(extras);
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
	 */
	record Click(double x, double y, Long timestamp, Map<String, JsonNode> extras) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "click";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Click {
			extras = copy(extras);
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
	 */
	record WebVital(Metric name, double value, @Nullable String id, @Nullable Rating rating,
			@Nullable Double delta, @Nullable Integer entries, @Nullable String navigationType, Long timestamp,
			Map<String, JsonNode> extras) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "web_vital";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public WebVital {
			extras = copy(extras);
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

			static @Nullable Metric fromWireName(String name) {
				for (Metric metric : values()) {
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

			static @Nullable Rating fromWireName(String name) {
				for (Rating rating : values()) {
					if (rating.wireName.equals(name)) {
						return rating;
					}
				}
				return null;
			}

		}

	}

	/**
	 * An event the site defined ({@code custom}). The SDK sends its {@code data} as a JSON
	 * string; it is available both as sent and parsed.
	 *
	 * @param name the event name
	 * @param rawData the {@code data} string exactly as sent, or {@code null} when absent
	 * @param data {@code rawData} parsed, or {@code null} when absent
	 * @param timestamp milliseconds since the epoch
	 * @param extras unknown keys of the event's {@code data} object
	 */
	record Custom(String name, @Nullable String rawData, @Nullable JsonNode data, Long timestamp,
			Map<String, JsonNode> extras) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "custom";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Custom {
			extras = copy(extras);
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
	 */
	record Error(String message, @Nullable String source, @Nullable Integer lineno, @Nullable Integer colno,
			Long timestamp, Map<String, JsonNode> extras) implements BeaconEvent {

		/** The wire name of this type. */
		public static final String TYPE = "error";

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Error {
			extras = copy(extras);
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
		public @Nullable Long timestamp() {
			return null;
		}

	}

}
