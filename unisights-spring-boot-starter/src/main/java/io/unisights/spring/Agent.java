package io.unisights.spring;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What the {@code User-Agent} header says about the client, parsed once per distinct
 * header (see {@code unisights.privacy.user-agent.*}).
 *
 * @param browser the browser or agent name, such as {@code Chrome}, {@code Safari} or
 * {@code Googlebot}, if known
 * @param browserVersion its major version, such as {@code 131}, if known
 * @param os the operating system, such as {@code Windows}, {@code macOS}, {@code iOS},
 * {@code Android}, {@code Linux} or {@code ChromeOS}, if known
 * @param deviceClass the kind of device
 */
public record Agent(@Nullable String browser, @Nullable String browserVersion, @Nullable String os,
		DeviceClass deviceClass) {

	/**
	 * The user agent reduced to what {@code anonymize} keeps: browser and major version,
	 * operating system and device class, such as {@code Chrome/131 (Windows; desktop)}.
	 * Fewer bits than the header, so it no longer singles a device out.
	 * @return the reduced user agent
	 */
	public String reduced() {
		StringBuilder reduced = new StringBuilder((this.browser != null) ? this.browser : "unknown");
		if (this.browserVersion != null) {
			reduced.append('/').append(this.browserVersion);
		}
		reduced.append(" (");
		if (this.os != null) {
			reduced.append(this.os).append("; ");
		}
		return reduced.append(this.deviceClass.wireName()).append(')').toString();
	}

	/** The kind of device a user agent runs on. */
	public enum DeviceClass {

		/** A desktop or laptop computer. */
		DESKTOP,

		/** A phone. */
		PHONE,

		/** A tablet. */
		TABLET,

		/** A television or set-top box. */
		TV,

		/** A game console. */
		CONSOLE,

		/** A robot: a crawler, monitor, script or headless browser. */
		ROBOT,

		/** Anything else, or unknown. */
		OTHER;

		/**
		 * Lower-case name used on the wire.
		 * @return the wire name, such as {@code phone}
		 */
		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * Reads a wire name.
		 * @param wireName a wire name, in any case
		 * @return the device class, {@link #OTHER} for a name this version does not know
		 */
		public static DeviceClass fromWireName(String wireName) {
			return WireNames.findIgnoringCase(values(), DeviceClass::wireName, wireName).orElse(OTHER);
		}

	}

}
