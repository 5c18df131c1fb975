package io.unisights.beacon;

import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public record DeviceInfo(@Nullable String userAgent, @Nullable String platform, @Nullable String os,
		@Nullable Integer screenWidth, @Nullable Integer screenHeight, @Nullable String deviceType,
		@Nullable String referrer, Map<String, JsonNode> extras) {

	private static final DeviceInfo UNKNOWN = new DeviceInfo(null, null, null, null, null, null, null, Map.of());

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public DeviceInfo {
		extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
	}

	/**
	 * Returns device information without any field.
	 * @return the empty device information
	 */
	public static DeviceInfo unknown() {
		return UNKNOWN;
	}

}
