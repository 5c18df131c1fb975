package io.unisights.beacon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The keys of every object the SDK writes, in the order it writes them: the one declaration
 * of each type's fields that the layout reader, the tree reader and the writer use. Each
 * object's keys are an enum, so that a writer's switch over them is exhaustive: a key added
 * here fails to compile until it is written. A model object built by hand is written in this
 * order; one decoded from the wire keeps the order it arrived in.
 */
final class WireKeys {

	/** One key of an object the SDK writes: a constant of one of the enums below. */
	interface Key {

		/**
		 * The SDK's keys are snake case: each constant's name in lower case, made once per
		 * enum, and interned, so that a key read from the wire is the very instance code
		 * compares it with.
		 */
		ClassValue<String[]> WIRE_NAMES = new ClassValue<>() {

			@Override
			protected String[] computeValue(Class<?> type) {
				return Arrays.stream(type.getEnumConstants())
					.map((key) -> ((Enum<?>) key).name().toLowerCase(Locale.ROOT).intern())
					.toArray(String[]::new);
			}

		};

		int ordinal();

		/** The key as on the wire. */
		default String wireName() {
			return WIRE_NAMES.get(getClass())[ordinal()];
		}

	}

	/** The payload object ({@code data} of a plain body, or an encrypted body's plaintext). */
	enum PayloadKey implements Key {

		ASSET_ID, SESSION_ID, PAGE_URL, ENTRY_PAGE, EXIT_PAGE, UTM_PARAMS, DEVICE_INFO, EVENTS, SCROLL_DEPTH,
		TIME_ON_PAGE

	}

	/** {@code device_info}, which the SDK serialises from a sorted map. */
	enum DeviceKey implements Key {

		DEVICE_TYPE, OS, PLATFORM, REFERRER, SCREEN_HEIGHT, SCREEN_WIDTH, USER_AGENT;

		/** Whether the value is a whole number from 0 (else a string). */
		boolean isCount() {
			return switch (this) {
				case SCREEN_HEIGHT, SCREEN_WIDTH -> true;
				case DEVICE_TYPE, OS, PLATFORM, REFERRER, USER_AGENT -> false;
			};
		}

	}

	/** A {@code page_view} event's {@code data}. */
	enum PageViewKey implements Key {

		LOCATION, TITLE, TIMESTAMP

	}

	/** A {@code click} event's {@code data}. */
	enum ClickKey implements Key {

		X, Y, TIMESTAMP

	}

	/** A {@code web_vital} event's {@code data}. */
	enum WebVitalKey implements Key {

		NAME, VALUE, ID, RATING, DELTA, ENTRIES, NAVIGATION_TYPE, TIMESTAMP

	}

	/** A {@code custom} event's {@code data}. */
	enum CustomKey implements Key {

		NAME, DATA, TIMESTAMP

	}

	/** An {@code error} event's {@code data}. */
	enum ErrorKey implements Key {

		MESSAGE, SOURCE, LINENO, COLNO, TIMESTAMP

	}

	static final Table<PayloadKey> PAYLOAD = new Table<>(PayloadKey.class);

	static final Table<DeviceKey> DEVICE = new Table<>(DeviceKey.class);

	static final Table<PageViewKey> PAGE_VIEW = new Table<>(PageViewKey.class);

	static final Table<ClickKey> CLICK = new Table<>(ClickKey.class);

	static final Table<WebVitalKey> WEB_VITAL = new Table<>(WebVitalKey.class);

	static final Table<CustomKey> CUSTOM = new Table<>(CustomKey.class);

	static final Table<ErrorKey> ERROR = new Table<>(ErrorKey.class);

	private WireKeys() {
	}

	/**
	 * The keys of one object: its names in the SDK's order, as the one list every decoded
	 * object in that order shares, and the key of a name.
	 */
	static final class Table<K extends Enum<K> & Key> {

		private final List<K> keys;

		private final List<String> names;

		private final Map<String, K> byName = new HashMap<>();

		Table(Class<K> type) {
			this.keys = List.copyOf(EnumSet.allOf(type));
			// List.of, not Stream.toList: List.copyOf (in the records) keeps the one instance
			// of a list that holds no nulls, and copies one that could.
			this.names = List.of(this.keys.stream().map(Key::wireName).toArray(String[]::new));
			this.keys.forEach((key) -> this.byName.put(key.wireName(), key));
		}

		/** The keys in the SDK's order. */
		List<K> keys() {
			return this.keys;
		}

		/** Their names in the SDK's order. */
		List<String> names() {
			return this.names;
		}

		/** The key of a name, or {@code null} for one this object does not declare. */
		@Nullable K key(String name) {
			return this.byName.get(name);
		}

		/**
		 * Returns received keys as an immutable list, the shared {@link #names()} when they
		 * are the SDK's own order, so that a decoded batch retains one list per shape rather
		 * than per object.
		 */
		List<String> of(List<String> received) {
			return received.equals(this.names) ? this.names : List.copyOf(received);
		}

	}

	/** Adds a key unless present: a repeated key keeps its first position, as a JSON tree does. */
	static void add(List<String> keys, String key) {
		if (!keys.contains(key)) {
			keys.add(key);
		}
	}

	/**
	 * Records the keys of one object as a token stream names them. While they follow the
	 * SDK's order nothing is allocated: a list is only built once they depart from it.
	 */
	static final class Recorder {

		private final Table<?> table;

		private int matched;

		private @Nullable List<String> departed;

		Recorder(Table<?> table) {
			this.table = table;
		}

		void add(String key) {
			List<String> canonical = this.table.names();
			if (this.departed == null) {
				if (this.matched < canonical.size() && canonical.get(this.matched).equals(key)) {
					this.matched++;
					return;
				}
				this.departed = new ArrayList<>(canonical.subList(0, this.matched));
			}
			WireKeys.add(this.departed, key);
		}

		List<String> keys() {
			if (this.departed != null) {
				return this.table.of(this.departed);
			}
			List<String> canonical = this.table.names();
			return (this.matched == canonical.size()) ? canonical : List.copyOf(canonical.subList(0, this.matched));
		}

	}

}
