package io.unisights.beacon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Produces encrypted beacon bodies exactly as the browser SDK does, for Java senders, tests
 * and load generators. The inverse of {@link BeaconDecoder}; instances are immutable and
 * thread-safe.
 * <p>
 * From the command line, {@code java io.unisights.beacon.BeaconEncoder payload.json
 * site_id ua_hash} prints the browser-form body for a payload file at the current bucket.
 */
public final class BeaconEncoder {

	private final BeaconCipher cipher;

	private BeaconEncoder(@Nullable String serverSecret) {
		this.cipher = new BeaconCipher((serverSecret != null) ? serverSecret.getBytes(StandardCharsets.UTF_8) : null);
	}

	/**
	 * Returns an encoder for collectors without a server secret, as the public SDK encrypts.
	 * @return the encoder
	 */
	public static BeaconEncoder withoutServerSecret() {
		return new BeaconEncoder(null);
	}

	/**
	 * Returns an encoder whose keys are wrapped with the collector's server secret.
	 * @param serverSecret the secret configured on the collector
	 * @return the encoder
	 */
	public static BeaconEncoder withServerSecret(String serverSecret) {
		if (serverSecret.isEmpty()) {
			throw new IllegalArgumentException("serverSecret must not be empty");
		}
		return new BeaconEncoder(serverSecret);
	}

	/**
	 * Returns the SDK's key time bucket for an instant: whole 30-second periods since the
	 * epoch.
	 * @param instant the instant
	 * @return the bucket
	 */
	public static long bucketOf(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli(), BeaconDecoder.BUCKET_MILLIS);
	}

	/**
	 * Encrypts a payload into the browser SDK's body form ({@code data}, {@code tag},
	 * {@code bucket}, {@code site_id} and {@code ua_hash} at the root).
	 * @param payload the payload, usually {@link BeaconWireFormat#toBytes(BeaconPayload)}
	 * @param siteId the site id the key is derived from
	 * @param bucket the key time bucket, see {@link #bucketOf(Instant)}
	 * @param uaHash the user-agent hash the key is derived from; may be empty
	 * @return the request body
	 */
	public ObjectNode encrypt(byte[] payload, String siteId, long bucket, String uaHash) {
		Sealed sealed = seal(payload, siteId, bucket, uaHash);
		ObjectNode body = BeaconJson.NODES.objectNode();
		body.put("encrypted", true);
		body.put("data", sealed.ciphertext());
		body.put("tag", sealed.tag());
		body.put("bucket", bucket);
		body.put("site_id", siteId);
		body.put("ua_hash", uaHash);
		return body;
	}

	/**
	 * Encrypts a payload into the envelope body form.
	 * @param payload the payload, usually {@link BeaconWireFormat#toBytes(BeaconPayload)}
	 * @param siteId the site id the key is derived from
	 * @param bucket the key time bucket, see {@link #bucketOf(Instant)}
	 * @param uaHash the user-agent hash the key is derived from; may be empty
	 * @return the request body
	 */
	public ObjectNode encryptAsEnvelope(byte[] payload, String siteId, long bucket, String uaHash) {
		Sealed sealed = seal(payload, siteId, bucket, uaHash);
		ObjectNode body = BeaconJson.NODES.objectNode();
		body.put("encrypted", true);
		ObjectNode envelope = body.putObject("envelope");
		envelope.put("site_id", siteId);
		envelope.put("ua_hash", uaHash);
		envelope.put("bucket", Long.toString(bucket));
		envelope.put("tag", sealed.tag());
		envelope.put("ciphertext", sealed.ciphertext());
		return body;
	}

	private Sealed seal(byte[] payload, String siteId, long bucket, String uaHash) {
		byte[] key = this.cipher.key(siteId, bucket, uaHash);
		byte[] ciphertext = BeaconCipher.apply(key, payload);
		Base64.Encoder base64 = Base64.getEncoder();
		return new Sealed(base64.encodeToString(ciphertext), base64.encodeToString(BeaconCipher.tag(key, ciphertext)));
	}

	private record Sealed(String ciphertext, String tag) {
	}

	/**
	 * Prints the encrypted browser-form body of a payload file.
	 * @param args the payload file (the {@code data} object, or a whole plain body), the site
	 * id and the user-agent hash
	 * @throws IOException when the file cannot be read
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			System.err.println("usage: BeaconEncoder <payload.json> <site_id> <ua_hash>");
			System.exit(2);
		}
		JsonNode json = BeaconJson.MAPPER.readTree(Files.readAllBytes(Path.of(args[0])));
		JsonNode data = json.has("data") ? json.get("data") : json;
		byte[] payload = BeaconJson.MAPPER.writeValueAsBytes(data);
		ObjectNode body = withoutServerSecret().encrypt(payload, args[1], bucketOf(Instant.now()), args[2]);
		System.out.println(BeaconJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
	}

}
