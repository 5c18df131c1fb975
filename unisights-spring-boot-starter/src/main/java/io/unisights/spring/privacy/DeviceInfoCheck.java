package io.unisights.spring.privacy;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.unisights.beacon.DeviceInfo;
import io.unisights.spring.Agent;
import io.unisights.spring.Automation;
import io.unisights.spring.Automation.Reason;

/**
 * Compares what the browser SDK read in the page ({@code device_info}) with the request's
 * header. The SDK sends {@code navigator.userAgent}, which real browsers also send as the
 * header, and derives {@code os} from {@code navigator.platform}, which the header does
 * not carry: a script that sets a browser's user agent (Puppeteer's
 * {@code page.setUserAgent}, a spoofing proxy) rarely sets both, and never the platform.
 * Only contradictions count; anything absent or unknown passes.
 */
final class DeviceInfoCheck {

	/** What the SDK's {@code os} (from the platform) allows the header to say. */
	private static final Set<String> LINUX_FAMILY = Set.of("Linux", "Android", "ChromeOS");

	private DeviceInfoCheck() {
	}

	static Automation check(@Nullable DeviceInfo device, @Nullable String userAgent, @Nullable Agent agent) {
		if (device == null) {
			return Automation.NONE;
		}
		String sdkAgent = device.userAgent();
		if (sdkAgent != null && !sdkAgent.isBlank() && userAgent != null && !sdkAgent.strip().equals(userAgent.strip())) {
			return Automation.because(Reason.DEVICE_MISMATCH);
		}
		String headerOs = (agent != null) ? agent.os() : null;
		String sdkOs = device.os();
		if (sdkOs == null || headerOs == null) {
			return Automation.NONE;
		}
		boolean agrees = switch (sdkOs) {
			case "Windows" -> headerOs.equals("Windows");
			// iPadOS and iOS in desktop mode report a Mac platform and a Mac user agent.
			case "macOS" -> headerOs.equals("macOS") || headerOs.equals("iOS");
			// Android reports a Linux platform (Linux armv8l, aarch64), and so does ChromeOS.
			case "Linux" -> LINUX_FAMILY.contains(headerOs);
			default -> true;
		};
		return agrees ? Automation.NONE : Automation.because(Reason.DEVICE_MISMATCH);
	}

}
