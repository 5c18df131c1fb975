package io.unisights.beacon;

import java.util.List;
import java.util.Map;

import io.unisights.beacon.WireKeys.DeviceKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The declared values of a {@code device_info} object as a reader finds them, in any order
 * (the SDK writes it from a map): the one place its keys meet {@link DeviceInfo}'s
 * components, for both readers.
 */
final class DeviceFields {

	private final @Nullable String[] texts = new String[DeviceKey.values().length];

	private final @Nullable Integer[] counts = new Integer[DeviceKey.values().length];

	/** Sets a string key's value; a key that repeats keeps the last, as a JSON tree does. */
	void text(DeviceKey key, @Nullable String value) {
		this.texts[key.ordinal()] = value;
	}

	/** Sets a {@link DeviceKey#isCount() count}'s value. */
	void count(DeviceKey key, @Nullable Integer value) {
		this.counts[key.ordinal()] = value;
	}

	DeviceInfo build(Map<String, JsonNode> extras, List<String> keys) {
		return new DeviceInfo(text(DeviceKey.USER_AGENT), text(DeviceKey.PLATFORM), text(DeviceKey.OS),
				this.counts[DeviceKey.SCREEN_WIDTH.ordinal()], this.counts[DeviceKey.SCREEN_HEIGHT.ordinal()],
				text(DeviceKey.DEVICE_TYPE), text(DeviceKey.REFERRER), extras, keys);
	}

	private @Nullable String text(DeviceKey key) {
		return this.texts[key.ordinal()];
	}

}
