package io.unisights.beacon;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the SDK reports about the device ({@code device_info}). Every field is optional;
 * keys this version does not know are kept in {@link #extras()} so nothing sent is lost.
 *
 * @param userAgent the browser's user agent ({@code user_agent})
 * @param platform the platform string, for example {@code Linux x86_64}
 * @param os the operating system name
 * @param screenWidth screen width in CSS pixels ({@code screen_width})
 * @param screenHeight screen height in CSS pixels ({@code screen_height})
 * @param deviceType {@code Desktop}, {@code Mobile} or {@code Tablet} ({@code device_type})
 * @param referrer the referrer, or {@code direct}
 * @param extras keys not listed above, by wire name, in the order sent
 * @param keys every key as received, in order, those sent as {@code null} included;
 * {@link BeaconWireFormat} writes them back in this order
 */
public record DeviceInfo(@Nullable String userAgent, @Nullable String platform, @Nullable String os,
		@Nullable Integer screenWidth, @Nullable Integer screenHeight, @Nullable String deviceType,
		@Nullable String referrer, Map<String, JsonNode> extras, List<String> keys) {

	private static final DeviceInfo UNKNOWN = new DeviceInfo(null, null, null, null, null, null, null, Map.of(),
			List.of());

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public DeviceInfo {
		extras = extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
		keys = List.copyOf(keys);
	}

	/**
	 * Creates device information written in the SDK's key order (sorted), {@code null}
	 * where a value is absent, extras after.
	 * @param userAgent the browser's user agent
	 * @param platform the platform string
	 * @param os the operating system name
	 * @param screenWidth screen width in CSS pixels
	 * @param screenHeight screen height in CSS pixels
	 * @param deviceType {@code Desktop}, {@code Mobile} or {@code Tablet}
	 * @param referrer the referrer, or {@code direct}
	 * @param extras keys not listed above, by wire name
	 */
	public DeviceInfo(@Nullable String userAgent, @Nullable String platform, @Nullable String os,
			@Nullable Integer screenWidth, @Nullable Integer screenHeight, @Nullable String deviceType,
			@Nullable String referrer, Map<String, JsonNode> extras) {
		this(userAgent, platform, os, screenWidth, screenHeight, deviceType, referrer, extras, WireKeys.DEVICE.names());
	}

	/**
	 * Returns device information without any field, written as {@code {}}.
	 * @return the empty device information
	 */
	public static DeviceInfo unknown() {
		return UNKNOWN;
	}

}
