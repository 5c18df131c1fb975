package io.unisights.spring.ingest;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.delivery.KeyWindow;
import io.unisights.spring.delivery.KeyWindows;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the server-to-server ingestion endpoint. The endpoint is on as soon as one
 * secret or public key is set.
 *
 * @param path Path of the endpoint that receives events
 * @param secrets Standard Webhooks secrets (whsec_ followed by base64) that senders sign
 * v1 (HMAC-SHA256) signatures with; any of them verifies, so list the new one beside the
 * old while rotating
 * @param publicKeys Standard Webhooks Ed25519 public keys (whpk_ followed by the base64 of
 * the 32-byte key) whose senders sign v1a signatures with the private half; any of them
 * verifies, so list the new one beside the old while a sender rotates
 * @param tolerance How far a request's webhook-timestamp may be from this
 * server's clock, either way; older requests are refused as possible replays
 * @param maxBatchSize Most events accepted in one request
 * @param maxPayloadSize Largest request body accepted; larger bodies are refused with 413
 * before more than this is read
 * @param dedupeWindow How long an event id (and a request's webhook-id) is
 * remembered so that a repeat is acknowledged without being delivered again; zero turns
 * deduplication off
 * @param dedupeMaxEntries Most ids remembered at once; the oldest are forgotten first,
 * which bounds memory whatever the traffic
 * @param allowUnknownTypes Whether events of types that are neither canonical nor listed
 * in extra-types are accepted rather than refused with 422
 * @param extraTypes Event types this application accepts beside the canonical ones, such
 * as loyalty.points_earned
 */
@ConfigurationProperties("unisights.ingest")
public record IngestProperties(@DefaultValue("/events/ingest") String path, @DefaultValue List<String> secrets,
		@DefaultValue List<String> publicKeys, @DefaultValue("5m") Duration tolerance, @DefaultValue("500") int maxBatchSize,
		@DefaultValue("1MB") DataSize maxPayloadSize, @DefaultValue("24h") Duration dedupeWindow,
		@DefaultValue("100000") int dedupeMaxEntries, boolean allowUnknownTypes,
		@DefaultValue List<String> extraTypes) {

	/**
	 * Checks the components and, where needed, normalises them (defaults, immutable copies).
	 */
	public IngestProperties {
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("unisights.ingest.path must start with '/' but was '" + path + "'");
		}
		if (maxBatchSize < 1) {
			throw new IllegalArgumentException("unisights.ingest.max-batch-size must be at least 1 but was " + maxBatchSize);
		}
		if (maxPayloadSize.toBytes() <= 0 || maxPayloadSize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(
					"unisights.ingest.max-payload-size must be between 1B and 2GB but was " + maxPayloadSize);
		}
		if (tolerance.isNegative() || dedupeWindow.isNegative()) {
			throw new IllegalArgumentException("unisights.ingest.tolerance and dedupe-window must not be negative");
		}
		if (dedupeMaxEntries < 1) {
			throw new IllegalArgumentException(
					"unisights.ingest.dedupe-max-entries must be at least 1 but was " + dedupeMaxEntries);
		}
		secrets = List.copyOf(secrets);
		publicKeys = List.copyOf(publicKeys);
		check("unisights.ingest.secrets", secrets, WebhookSignature.Builder::secret);
		check("unisights.ingest.public-keys", publicKeys, WebhookSignature.Builder::publicKey);
	}

	/**
	 * Reads each key now, so that a malformed one fails startup naming its property and
	 * index; the messages never repeat a key's value.
	 */
	private static void check(String property, List<String> keys,
			BiConsumer<WebhookSignature.Builder, String> reader) {
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			if (key.isBlank()) {
				continue;
			}
			try {
				reader.accept(WebhookSignature.builder(), key);
			}
			catch (IllegalArgumentException ex) {
				// The message says it all: the cause would add only a stack frame.
				throw new IllegalArgumentException(property + "[" + i + "] is not usable: " + ex.getMessage());
			}
		}
	}

	/**
	 * The window these settings describe ({@code dedupe-window}, {@code dedupe-max-entries}),
	 * in which event ids and webhook-ids are remembered; each user keeps its keys apart
	 * with a prefix of its own.
	 * @param windows makes the window, in memory or in the jdbc store's table
	 * @return the window
	 */
	public KeyWindow window(KeyWindows windows) {
		return windows.create(this.dedupeWindow, this.dedupeMaxEntries);
	}

	@Override
	public String toString() {
		// Secrets must never reach a log line.
		return "IngestProperties[path=" + this.path + ", secrets=" + this.secrets.size() + " set, publicKeys="
				+ this.publicKeys.size() + " set, tolerance="
				+ this.tolerance + ", maxBatchSize=" + this.maxBatchSize + ", maxPayloadSize=" + this.maxPayloadSize
				+ ", dedupeWindow=" + this.dedupeWindow + ", dedupeMaxEntries=" + this.dedupeMaxEntries
				+ ", allowUnknownTypes=" + this.allowUnknownTypes + ", extraTypes=" + this.extraTypes + "]";
	}

}
