package io.unisights.beacon;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One batch sent by the browser SDK: the session it belongs to and the events it carries.
 * <p>
 * {@code assetId}, {@code sessionId} and {@code pageUrl} are only {@code null} when the
 * decoder was built with {@code validateRequiredFields(false)} and the SDK left them out.
 * Values are kept as sent: URLs as the browser serialised them, numbers as the doubles they
 * were on the wire.
 *
 * @param assetId the site (asset) id the SDK was configured with ({@code asset_id})
 * @param sessionId the browser session, a UUID when schema validation is on
 * ({@code session_id})
 * @param pageUrl the URL of the page that sent the batch, exactly as the browser's
 * {@code location.href} gave it ({@code page_url})
 * @param entryPage the first page of the session; {@code null} before the first page view
 * ({@code entry_page})
 * @param exitPage the last page of the session, once known ({@code exit_page})
 * @param utmParams campaign parameters, custom keys included, or {@code null} when the SDK
 * sent {@code null} or nothing ({@code utm_params})
 * @param deviceInfo what the SDK knows about the device, or {@code null} when it sent
 * {@code null} or nothing ({@code device_info})
 * @param events the events of the batch, in the order they were sent; may be empty
 * @param scrollDepth the deepest scroll of the tab so far, in percent of the body's height
 * ({@code scroll_depth}): a running maximum the SDK never resets and repeats in every beacon
 * of the tab, and above 100 whenever the body has a margin (100.8 at the bottom of a page
 * with the browser's default margin); see {@link #scrollPercent()} for a 0–100 view
 * @param timeOnPage seconds since the SDK started in the tab ({@code time_on_page}):
 * tab-cumulative, not per page, and repeated in every beacon of the tab
 * @param keys the keys of the payload as received, in order, those sent as {@code null}
 * included; {@link BeaconWireFormat} writes them back in this order
 */
public record BeaconPayload(@Nullable String assetId, @Nullable String sessionId, @Nullable String pageUrl,
		@Nullable String entryPage, @Nullable String exitPage, @Nullable UtmParams utmParams,
		@Nullable DeviceInfo deviceInfo, List<BeaconEvent> events, @Nullable Double scrollDepth,
		@Nullable Double timeOnPage, List<String> keys) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public BeaconPayload {
		events = List.copyOf(events);
		keys = List.copyOf(keys);
	}

	/**
	 * Creates a payload written with all ten keys in the SDK's order, {@code null} where a
	 * value is absent.
	 * @param assetId the site (asset) id
	 * @param sessionId the browser session
	 * @param pageUrl the URL of the page that sent the batch
	 * @param entryPage the first page of the session
	 * @param exitPage the last page of the session
	 * @param utmParams campaign parameters
	 * @param deviceInfo what the SDK knows about the device
	 * @param events the events of the batch
	 * @param scrollDepth the deepest scroll of the tab so far, in percent
	 * @param timeOnPage seconds since the SDK started in the tab
	 */
	public BeaconPayload(@Nullable String assetId, @Nullable String sessionId, @Nullable String pageUrl,
			@Nullable String entryPage, @Nullable String exitPage, @Nullable UtmParams utmParams,
			@Nullable DeviceInfo deviceInfo, List<BeaconEvent> events, @Nullable Double scrollDepth,
			@Nullable Double timeOnPage) {
		this(assetId, sessionId, pageUrl, entryPage, exitPage, utmParams, deviceInfo, events, scrollDepth,
				timeOnPage, WireKeys.PAYLOAD.names());
	}

	/**
	 * Returns the scroll depth capped at 100, for reports that read it as "how much of the
	 * page was seen". The SDK measures against the body's height, so the bottom of a page
	 * with a body margin reads slightly above 100; this view counts that as the whole page.
	 * @return {@link #scrollDepth()} capped at 100, or {@code null} when absent
	 */
	public @Nullable Double scrollPercent() {
		return (this.scrollDepth != null) ? Math.min(this.scrollDepth, 100.0) : null;
	}

}
