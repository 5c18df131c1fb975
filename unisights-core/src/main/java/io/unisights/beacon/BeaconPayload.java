package io.unisights.beacon;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One batch sent by the browser SDK: the session it belongs to and the events it carries.
 * <p>
 * {@code assetId}, {@code sessionId} and {@code pageUrl} are only {@code null} when the
 * decoder was built with {@code validateRequiredFields(false)} and the SDK left them out.
 *
 * @param assetId the site (asset) id the SDK was configured with ({@code asset_id})
 * @param sessionId the browser session, a UUID when schema validation is on
 * ({@code session_id})
 * @param pageUrl the absolute URL of the page that sent the batch ({@code page_url})
 * @param entryPage the first page of the session; {@code null} before the first page view
 * ({@code entry_page})
 * @param exitPage the last page of the session, once known ({@code exit_page})
 * @param utmParams campaign parameters, custom keys included ({@code utm_params})
 * @param deviceInfo what the SDK knows about the device ({@code device_info})
 * @param events the events of the batch, in the order they were sent; may be empty
 * @param scrollDepth deepest scroll on the page in percent, 0–100 ({@code scroll_depth})
 * @param timeOnPage seconds spent on the page ({@code time_on_page})
 */
public record BeaconPayload(@Nullable String assetId, @Nullable String sessionId, @Nullable String pageUrl,
		@Nullable String entryPage, @Nullable String exitPage, UtmParams utmParams, DeviceInfo deviceInfo,
		List<BeaconEvent> events, @Nullable Double scrollDepth, @Nullable Double timeOnPage) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public BeaconPayload {
		events = List.copyOf(events);
	}

}
