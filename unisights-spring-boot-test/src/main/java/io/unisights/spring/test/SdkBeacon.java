package io.unisights.spring.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.beacon.BeaconEncoder;

/**
 * A beacon batch as the unisights browser SDK sends it, for tests of a host's handlers:
 * every key present in the SDK's order, unset values {@code null}, numbers written as the
 * SDK's serialisers write them, the encrypted form with {@code ua_hash} always empty and
 * {@code bucket} from the beacon's time. Encryption is the core {@link BeaconEncoder}'s.
 * <pre class="code">
 * SdkBeacon beacon = SdkBeacon.builder()
 *     .pageUrl("https://shop.example.com/cart")
 *     .pageView("Cart")
 *     .webVital("LCP", 1830.4, "good")
 *     .build();
 * mockMvc.perform(post("/events").contentType(APPLICATION_JSON).content(beacon.plainBody()));
 * </pre>
 * Instances are immutable.
 */
public final class SdkBeacon {

	private final String assetId;

	private final String sessionId;

	private final Instant time;

	private final Map<String, @Nullable Object> data;

	private SdkBeacon(SdkData data) {
		this.assetId = data.assetId;
		this.sessionId = data.sessionId;
		this.time = data.time;
		this.data = data.toMap();
	}

	/**
	 * Starts a beacon of a fresh session on {@code https://shop.example.com/} with no
	 * events, sent now.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the session id, a UUID as {@code crypto.randomUUID()} makes them unless set.
	 * @return the session id
	 */
	public String sessionId() {
		return this.sessionId;
	}

	/**
	 * Returns the asset id, which is also the {@code site_id} of the encrypted form.
	 * @return the asset id
	 */
	public String assetId() {
		return this.assetId;
	}

	/**
	 * Returns the inner {@code data} object as {@code JSON.stringify} writes it.
	 * @return the JSON text
	 */
	public String dataJson() {
		return SdkJson.JAVASCRIPT.write(this.data);
	}

	/**
	 * Returns the plain body, {@code {"data":{…},"encrypted":false}}.
	 * @return the request body
	 */
	public String plainBody() {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("data", this.data);
		body.put("encrypted", false);
		return SdkJson.JAVASCRIPT.write(body);
	}

	/**
	 * Returns the encrypted body as the SDK sends it to a collector without a server
	 * secret (the SDK never applies one).
	 * @return the request body
	 */
	public String encryptedBody() {
		return encrypted(BeaconEncoder.withoutServerSecret());
	}

	/**
	 * Returns the encrypted body for a collector configured with
	 * {@code unisights.collect.server-secret}, as a sender that wraps the key with the same
	 * secret produces it.
	 * @param serverSecret the collector's server secret
	 * @return the request body
	 */
	public String encryptedBody(String serverSecret) {
		return encrypted(BeaconEncoder.withServerSecret(serverSecret));
	}

	private String encrypted(BeaconEncoder encoder) {
		// The SDK core encrypts its own serde_json output, not JSON.stringify's.
		byte[] plaintext = SdkJson.SERDE.write(this.data).getBytes(StandardCharsets.UTF_8);
		long bucket = BeaconEncoder.bucketOf(this.time);
		ObjectNode sealed = encoder.encrypt(plaintext, this.assetId, bucket, "");
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("data", sealed.get("data").asString());
		body.put("tag", sealed.get("tag").asString());
		body.put("bucket", bucket);
		body.put("site_id", this.assetId);
		body.put("ua_hash", "");
		body.put("encrypted", true);
		return SdkJson.JAVASCRIPT.write(body);
	}

	@Override
	public String toString() {
		return "SdkBeacon" + plainBody();
	}

	/**
	 * Builds an {@link SdkBeacon}. Events are sent in call order, each stamped with the
	 * beacon's time.
	 */
	public static final class Builder {

		private final SdkData data = new SdkData();

		private Builder() {
		}

		/**
		 * Sets the asset id (default {@code test-site}), also the encrypted form's site id.
		 * @param assetId the asset id
		 * @return this builder
		 */
		public Builder assetId(String assetId) {
			this.data.assetId = Objects.requireNonNull(assetId, "assetId");
			return this;
		}

		/**
		 * Sets the session id (default a random UUID).
		 * @param sessionId the session id
		 * @return this builder
		 */
		public Builder sessionId(String sessionId) {
			this.data.sessionId = Objects.requireNonNull(sessionId, "sessionId");
			return this;
		}

		/**
		 * Sets when the beacon is sent (default now): the events' timestamps and the
		 * encrypted form's key bucket. Give a fixed instant for reproducible bodies; a
		 * collector with {@code max-bucket-age} refuses old ones.
		 * @param time the time
		 * @return this builder
		 */
		public Builder time(Instant time) {
			this.data.time = Objects.requireNonNull(time, "time");
			return this;
		}

		/**
		 * Sets {@code page_url} (default {@code https://shop.example.com/}), which is also
		 * the {@code entry_page} unless that is set, and the location of page views.
		 * @param pageUrl {@code location.href} as the browser serialises it
		 * @return this builder
		 */
		public Builder pageUrl(String pageUrl) {
			this.data.pageUrl = Objects.requireNonNull(pageUrl, "pageUrl");
			return this;
		}

		/**
		 * Sets {@code entry_page}.
		 * @param entryPage the first page of the session
		 * @return this builder
		 */
		public Builder entryPage(String entryPage) {
			this.data.entryPage = entryPage;
			return this;
		}

		/**
		 * Sets {@code exit_page} (default {@code null}).
		 * @param exitPage the page the session left from, or {@code null}
		 * @return this builder
		 */
		public Builder exitPage(@Nullable String exitPage) {
			this.data.exitPage = exitPage;
			return this;
		}

		/**
		 * Adds a {@code utm_params} entry.
		 * @param name one of {@code utm_source}, {@code utm_medium}, {@code utm_campaign},
		 * {@code utm_term}, {@code utm_content}
		 * @param value its value
		 * @return this builder
		 */
		public Builder utm(String name, String value) {
			this.data.utmParams.put(name, value);
			return this;
		}

		/**
		 * Sets the device the SDK reports (default a Linux desktop, 1920×1080).
		 * @param deviceType {@code Desktop} or {@code Mobile}
		 * @param os the operating system
		 * @param platform {@code navigator.platform}
		 * @param screenWidth the screen width in pixels
		 * @param screenHeight the screen height in pixels
		 * @return this builder
		 */
		public Builder device(String deviceType, String os, String platform, int screenWidth, int screenHeight) {
			this.data.deviceType = deviceType;
			this.data.os = os;
			this.data.platform = platform;
			this.data.screenWidth = screenWidth;
			this.data.screenHeight = screenHeight;
			return this;
		}

		/**
		 * Sets the user agent (default a desktop Chrome).
		 * @param userAgent {@code navigator.userAgent}
		 * @return this builder
		 */
		public Builder userAgent(String userAgent) {
			this.data.userAgent = userAgent;
			return this;
		}

		/**
		 * Sets the referrer (default {@code direct}, as the SDK writes an empty one).
		 * @param referrer {@code document.referrer}
		 * @return this builder
		 */
		public Builder referrer(String referrer) {
			this.data.referrer = referrer;
			return this;
		}

		/**
		 * Sets {@code scroll_depth}, the running maximum in percent; real pages report
		 * values above 100 when the body has a margin.
		 * @param scrollDepth the scroll depth
		 * @return this builder
		 */
		public Builder scrollDepth(double scrollDepth) {
			this.data.scrollDepth = scrollDepth;
			return this;
		}

		/**
		 * Sets {@code time_on_page}, the seconds since the SDK started in the tab.
		 * @param timeOnPage the time on page
		 * @return this builder
		 */
		public Builder timeOnPage(double timeOnPage) {
			this.data.timeOnPage = timeOnPage;
			return this;
		}

		/**
		 * Adds a {@code page_view} of {@code page_url}.
		 * @param title {@code document.title}, or {@code null}
		 * @return this builder
		 */
		public Builder pageView(@Nullable String title) {
			return pageView(this.data.pageUrl, title);
		}

		/**
		 * Adds a {@code page_view}.
		 * @param location {@code location.href}
		 * @param title {@code document.title}, or {@code null}
		 * @return this builder
		 */
		public Builder pageView(String location, @Nullable String title) {
			this.data.event("page_view", SdkData.pageView(location, title));
			return this;
		}

		/**
		 * Adds a {@code click}.
		 * @param x the page x coordinate
		 * @param y the page y coordinate
		 * @return this builder
		 */
		public Builder click(double x, double y) {
			this.data.event("click", SdkData.click(x, y));
			return this;
		}

		/**
		 * Adds a {@code web_vital} measured on a normal navigation, its delta equal to its
		 * value.
		 * @param name {@code CLS}, {@code INP}, {@code LCP}, {@code FCP} or {@code TTFB}
		 * @param value the value
		 * @param rating {@code good}, {@code needs-improvement} or {@code poor}
		 * @return this builder
		 */
		public Builder webVital(String name, double value, String rating) {
			this.data.event("web_vital", SdkData.webVital(name, value, rating));
			return this;
		}

		/**
		 * Adds a {@code custom} event, as {@code unisights.log(name, value)} sends it.
		 * @param name the event name
		 * @param json {@code JSON.stringify(value)}: the SDK sends the value as a string
		 * holding JSON, such as {@code {"plan":"pro"}}
		 * @return this builder
		 */
		public Builder custom(String name, String json) {
			this.data.event("custom", SdkData.custom(name, json));
			return this;
		}

		/**
		 * Adds an {@code error} event.
		 * @param message the error message
		 * @param source the script URL, or {@code null}
		 * @param lineno the line, or {@code null}
		 * @param colno the column, or {@code null}
		 * @return this builder
		 */
		public Builder error(String message, @Nullable String source, @Nullable Integer lineno,
				@Nullable Integer colno) {
			this.data.event("error", SdkData.error(message, source, lineno, colno));
			return this;
		}

		/**
		 * Builds the beacon.
		 * @return the beacon
		 */
		public SdkBeacon build() {
			return new SdkBeacon(this.data);
		}

	}

}
