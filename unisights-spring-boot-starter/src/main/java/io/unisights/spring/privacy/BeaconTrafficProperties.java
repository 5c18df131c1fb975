package io.unisights.spring.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What happens to beacons that look machine-made.
 *
 * @param automation What a beacon classified as machine-made (crawler, monitor, HTTP
 * library, headless browser, device mismatch) gets: {@code classify} delivers it with
 * {@code RequestContext.automation()} saying why, {@code drop} answers as if accepted
 * and delivers nothing
 */
@ConfigurationProperties("unisights.beacon")
public record BeaconTrafficProperties(@DefaultValue("classify") AutomationPolicy automation) {

	/** What a machine-made beacon gets. */
	public enum AutomationPolicy {

		/** Delivered, with the classification in its request context. */
		CLASSIFY,

		/** Answered as if accepted, and not delivered. */
		DROP

	}

}
