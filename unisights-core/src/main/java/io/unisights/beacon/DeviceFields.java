package io.unisights.beacon;

import java.util.List;
import java.util.Map;

import io.unisights.beacon.WireKeys.DeviceKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The declared values of a {@code device_info} object as a reader finds them, in any order
 * (the SDK writes it from a map): the one place its keys meet {@link DeviceInfo}'s
 * components, for both readers. A key that repeats keeps its last value, as a JSON tree does.
 */
final class DeviceFields {

	private @Nullable String userAgent;

	private @Nullable String platform;

	private @Nullable String os;

	private @Nullable Integer screenWidth;

	private @Nullable Integer screenHeight;

	private @Nullable String deviceType;

	private @Nullable String referrer;

	/** Sets a string key's value. */
	void text(DeviceKey key, @Nullable String value) {
		switch (key) {
			case USER_AGENT -> this.userAgent = value;
			case PLATFORM -> this.platform = value;
			case OS -> this.os = value;
			case DEVICE_TYPE -> this.deviceType = value;
			case REFERRER -> this.referrer = value;
			case SCREEN_WIDTH, SCREEN_HEIGHT -> throw new IllegalArgumentException(key + " is a count");
		}
	}

	/** Sets a {@link DeviceKey#isCount() count}'s value. */
	void count(DeviceKey key, @Nullable Integer value) {
		switch (key) {
			case SCREEN_WIDTH -> this.screenWidth = value;
			case SCREEN_HEIGHT -> this.screenHeight = value;
			case USER_AGENT, PLATFORM, OS, DEVICE_TYPE, REFERRER -> throw new IllegalArgumentException(key + " is text");
		}
	}

	DeviceInfo build(Map<String, JsonNode> extras, List<String> keys) {
		return new DeviceInfo(this.userAgent, this.platform, this.os, this.screenWidth, this.screenHeight,
				this.deviceType, this.referrer, extras, keys);
	}

}
