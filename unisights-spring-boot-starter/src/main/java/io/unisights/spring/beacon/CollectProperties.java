package io.unisights.spring.beacon;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the beacon endpoint.
 *
 * @param path Path of the endpoint that receives beacons
 * @param maxPayloadSize Largest request body accepted; larger bodies are refused with 413
 * before more than this is read
 * @param validateSchema Whether values are checked against the SDK's schema: session id
 * a UUID, URLs http(s) with a host, numbers in range, known event types only
 * @param validateRequiredFields Whether asset_id, session_id, page_url and events must be
 * present
 * @param serverSecret Secret mixed into the key of encrypted beacons (key =
 * HMAC-SHA256(secret, client key)), as the unisights Node collector's option does; the
 * upstream browser SDK never applies one, so with this set every encrypted beacon it sends
 * is refused: only for senders that wrap the key themselves; unset means the key is derived
 * from public inputs only
 * @param maxBucketAge Furthest from now, either way, that the time bucket of an encrypted
 * beacon may be; the bucket comes from the client's clock, so this measures the client's
 * clock error as much as the beacon's age; unset means any bucket whose tag verifies is
 * accepted
 */
@ConfigurationProperties("unisights.collect")
public record CollectProperties(@DefaultValue("/events") String path, @DefaultValue("1MB") DataSize maxPayloadSize,
		@DefaultValue("true") boolean validateSchema, @DefaultValue("true") boolean validateRequiredFields,
		@Nullable String serverSecret, @Nullable Duration maxBucketAge) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public CollectProperties {
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("unisights.collect.path must start with '/' but was '" + path + "'");
		}
		if (maxPayloadSize.toBytes() <= 0 || maxPayloadSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(
					"unisights.collect.max-payload-size must be between 1B and 2GB but was " + maxPayloadSize);
		}
	}

	@Override
	public String toString() {
		// The server secret must never reach a log line.
		return "CollectProperties[path=" + this.path + ", maxPayloadSize=" + this.maxPayloadSize + ", validateSchema="
				+ this.validateSchema + ", validateRequiredFields=" + this.validateRequiredFields + ", serverSecret="
				+ ((this.serverSecret != null) ? "******" : null) + ", maxBucketAge=" + this.maxBucketAge + "]";
	}

}
