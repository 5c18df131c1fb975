package io.unisights.beacon;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.unisights.beacon.WireKeys.ClickKey;
import io.unisights.beacon.WireKeys.CustomKey;
import io.unisights.beacon.WireKeys.ErrorKey;
import io.unisights.beacon.WireKeys.PageViewKey;
import io.unisights.beacon.WireKeys.WebVitalKey;

import static io.unisights.beacon.CompactJsonBytes.giveUp;
import static io.unisights.beacon.CompactJsonBytes.require;

/**
 * The {@code events} array as {@link SdkLayoutReader} reads it: each event's type and first
 * key in one comparison, then each key where the SDK writes it, every one of
 * {@link WireKeys}'s keys of that type, in its order.
 */
final class SdkLayoutEvents {

	// Each event up to its first value, and the keys between its values.

	private static final Literal PAGE_VIEW = first(BeaconEvent.PageView.TYPE, PageViewKey.LOCATION);

	private static final KeyLiterals<PageViewKey> PAGE_VIEW_KEYS = new KeyLiterals<>(WireKeys.PAGE_VIEW);

	private static final Literal CLICK = first(BeaconEvent.Click.TYPE, ClickKey.X);

	private static final KeyLiterals<ClickKey> CLICK_KEYS = new KeyLiterals<>(WireKeys.CLICK);

	private static final Literal WEB_VITAL = first(BeaconEvent.WebVital.TYPE, WebVitalKey.NAME);

	private static final KeyLiterals<WebVitalKey> WEB_VITAL_KEYS = new KeyLiterals<>(WireKeys.WEB_VITAL);

	private static final Literal CUSTOM = first(BeaconEvent.Custom.TYPE, CustomKey.NAME);

	private static final KeyLiterals<CustomKey> CUSTOM_KEYS = new KeyLiterals<>(WireKeys.CUSTOM);

	private static final Literal ERROR = first(BeaconEvent.Error.TYPE, ErrorKey.MESSAGE);

	private static final KeyLiterals<ErrorKey> ERROR_KEYS = new KeyLiterals<>(WireKeys.ERROR);

	/** Where {@code "type":"} leaves the byte that tells the event types apart. */
	private static final int TYPE_AT = "{\"type\":\"".length();

	private SdkLayoutEvents() {
	}

	private static Literal first(String type, WireKeys.Key key) {
		return KeyLiterals.first("{\"type\":\"" + type + "\",\"data\":", key);
	}

	/** The events from the first byte after the array's opening bracket to its closing one. */
	static List<BeaconEvent> events(SdkLayoutReader in) {
		if (in.skip(']')) {
			return List.of();
		}
		// An array grown by doubling and copied once into the list the payload keeps: an
		// ArrayList grows in smaller steps and List.copyOf copies it twice more.
		BeaconEvent[] events = new BeaconEvent[16];
		int count = 0;
		do {
			BeaconEvent event = switch (in.peek(TYPE_AT)) {
				case 'p' -> pageView(in);
				case 'c' -> (in.peek(TYPE_AT + 1) == 'l') ? click(in) : custom(in);
				case 'w' -> webVital(in);
				case 'e' -> error(in);
				default -> throw giveUp();
			};
			in.expect('}');
			in.expect('}');
			if (count == events.length) {
				events = Arrays.copyOf(events, count * 2);
			}
			events[count++] = event;
		}
		while (in.skip(','));
		in.expect(']');
		return List.of((count == events.length) ? events : Arrays.copyOf(events, count));
	}

	private static BeaconEvent pageView(SdkLayoutReader in) {
		in.expect(PAGE_VIEW);
		String location = in.url();
		in.expect(PAGE_VIEW_KEYS.of(PageViewKey.TITLE));
		String title = in.stringOrNull(SdkLayoutReader.TITLE);
		in.expect(PAGE_VIEW_KEYS.of(PageViewKey.TIMESTAMP));
		double timestamp = in.number(NumberRange.TIMESTAMP);
		return new BeaconEvent.PageView(location, title, timestamp, Map.of(), WireKeys.PAGE_VIEW.names());
	}

	private static BeaconEvent click(SdkLayoutReader in) {
		in.expect(CLICK);
		double x = in.number(NumberRange.FINITE);
		in.expect(CLICK_KEYS.of(ClickKey.Y));
		double y = in.number(NumberRange.FINITE);
		in.expect(CLICK_KEYS.of(ClickKey.TIMESTAMP));
		double timestamp = in.number(NumberRange.TIMESTAMP);
		return new BeaconEvent.Click(x, y, timestamp, Map.of(), WireKeys.CLICK.names());
	}

	private static BeaconEvent webVital(SdkLayoutReader in) {
		in.expect(WEB_VITAL);
		BeaconEvent.WebVital.Metric metric = BeaconEvent.WebVital.Metric.fromWireName(in.string());
		require(metric != null);
		in.expect(WEB_VITAL_KEYS.of(WebVitalKey.VALUE));
		double value = in.number(NumberRange.FINITE);
		in.expect(WEB_VITAL_KEYS.of(WebVitalKey.ID));
		String id = in.stringOrNull();
		in.expect(WEB_VITAL_KEYS.of(WebVitalKey.RATING));
		String ratingName = in.stringOrNull();
		BeaconEvent.WebVital.Rating rating = null;
		if (ratingName != null) {
			rating = BeaconEvent.WebVital.Rating.fromWireName(ratingName);
			require(rating != null);
		}
		in.expect(WEB_VITAL_KEYS.of(WebVitalKey.DELTA));
		Double delta = in.numberOrNull(NumberRange.FINITE);
		in.expect(WEB_VITAL_KEYS.of(WebVitalKey.ENTRIES));
		Integer entries = in.countOrNull();
		in.expect(WEB_VITAL_KEYS.of(WebVitalKey.NAVIGATION_TYPE));
		String navigationType = in.stringOrNull();
		in.expect(WEB_VITAL_KEYS.of(WebVitalKey.TIMESTAMP));
		double timestamp = in.number(NumberRange.TIMESTAMP);
		return new BeaconEvent.WebVital(metric, value, id, rating, delta, entries, navigationType, timestamp,
				Map.of(), WireKeys.WEB_VITAL.names());
	}

	private static BeaconEvent custom(SdkLayoutReader in) {
		in.expect(CUSTOM);
		String name = in.string(SdkLayoutReader.NAME);
		in.expect(CUSTOM_KEYS.of(CustomKey.DATA));
		String data = in.customDataOrNull();
		in.expect(CUSTOM_KEYS.of(CustomKey.TIMESTAMP));
		double timestamp = in.number(NumberRange.TIMESTAMP);
		return new BeaconEvent.Custom(name, data, timestamp, Map.of(), WireKeys.CUSTOM.names());
	}

	private static BeaconEvent error(SdkLayoutReader in) {
		in.expect(ERROR);
		String message = in.string(SdkLayoutReader.MESSAGE);
		in.expect(ERROR_KEYS.of(ErrorKey.SOURCE));
		String source = in.stringOrNull(SdkLayoutReader.SOURCE);
		in.expect(ERROR_KEYS.of(ErrorKey.LINENO));
		Integer lineno = in.countOrNull();
		in.expect(ERROR_KEYS.of(ErrorKey.COLNO));
		Integer colno = in.countOrNull();
		in.expect(ERROR_KEYS.of(ErrorKey.TIMESTAMP));
		double timestamp = in.number(NumberRange.TIMESTAMP);
		return new BeaconEvent.Error(message, source, lineno, colno, timestamp, Map.of(), WireKeys.ERROR.names());
	}

}
