package io.unisights.beacon;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import io.unisights.beacon.BeaconDecodingException.Reason;
import io.unisights.wire.JsonLimits;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;

/**
 * Turns the body of a beacon request into a validated {@link BeaconPayload}, or a
 * {@link BeaconDecodingException} that names the field at fault.
 * <p>
 * Three body forms are understood:
 * <ul>
 * <li>plain: {@code {"encrypted": false, "data": {...}}} (also with {@code encrypted: true}
 * and an object {@code data}, which older SDKs send);</li>
 * <li>the browser SDK's encrypted form: {@code {"encrypted": true, "data": "<base64>",
 * "tag": "<base64>", "bucket": n, "site_id": "...", "ua_hash": "..."}};</li>
 * <li>the envelope form: {@code {"encrypted": true, "envelope": {"site_id", "ua_hash",
 * "bucket", "tag", "ciphertext"}}}.</li>
 * </ul>
 * The tag of an encrypted body is verified in constant time before anything is decrypted.
 * Instances are immutable and thread-safe; build one with {@link #builder()} and share it.
 */
public final class BeaconDecoder {

	/** Length of the SDK's key time bucket. */
	static final long BUCKET_MILLIS = 30_000;

	/**
	 * The last bucket a JavaScript clock can name, {@code floor(8.64e15 / 30000)}: the SDK
	 * computes {@code floor(Date.now() / 30000)} and a {@code Date} ends at 8.64e15 ms.
	 */
	static final long MAX_BUCKET = 288_000_000_000L;

	private final BeaconCipher cipher;

	private final BeaconPayloadReader reader;

	/** Whether the fast reader may answer: it takes what the strict settings take. */
	private final boolean fast;

	private final @Nullable Duration maxBucketAge;

	private final Clock clock;

	private BeaconDecoder(Builder builder) {
		this.cipher = new BeaconCipher((builder.serverSecret != null)
				? builder.serverSecret.getBytes(StandardCharsets.UTF_8) : null);
		this.reader = new BeaconPayloadReader(builder.validateSchema, builder.validateRequiredFields);
		this.fast = builder.validateSchema && builder.validateRequiredFields;
		this.maxBucketAge = builder.maxBucketAge;
		this.clock = builder.clock;
	}

	/**
	 * Starts a decoder with the defaults: schema and required-field validation on, no server
	 * secret, no bucket age limit.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Decodes one request body.
	 * @param body the raw bytes of the request body
	 * @return the validated payload and how it arrived
	 * @throws BeaconDecodingException when the body is not an acceptable beacon
	 */
	public DecodedBeacon decode(byte[] body) {
		EncryptedBody sdkEncrypted = EncryptedBody.readSdkForm(body);
		if (sdkEncrypted != null) {
			return decrypt(sdkEncrypted);
		}
		BeaconPayload fastPayload = this.fast ? SdkLayoutReader.read(body, BeaconSource.Form.BODY) : null;
		if (fastPayload != null) {
			return new DecodedBeacon(fastPayload, false, null, ContentFingerprint.of(body),
					new BeaconSource(BeaconSource.Form.BODY, body));
		}
		JsonNode root = parseRoot(body);
		EncryptedBody encrypted = EncryptedBody.of(root);
		if (encrypted != null) {
			return decrypt(encrypted);
		}
		JsonNode data = root.get("data");
		if (data == null || data.isNull()) {
			throw new BeaconDecodingException(Reason.MISSING_FIELD, "data", "data is required", null);
		}
		return new DecodedBeacon(this.reader.read(data), false, null, ContentFingerprint.of(body),
				new BeaconSource(BeaconSource.Form.BODY, body));
	}

	/**
	 * Reads a beacon again from the JSON a decoder accepted it from, such as a stored copy
	 * of {@link DecodedBeacon#source()}: nothing is decrypted, no key bucket is checked, and
	 * whatever this decoder's settings, the JSON is read leniently, so that a beacon accepted
	 * under other validation settings (or a version that allowed more) is never refused
	 * now. JSON the SDK's way is read by the same fast path as {@link #decode(byte[])}, into
	 * the same records; anything else by the tree reader with both validations off.
	 * @param source what a decoder accepted
	 * @return the payload
	 * @throws BeaconDecodingException if the bytes are not a beacon at all (not JSON, no
	 * {@code data} object, or a field of a type the model cannot hold)
	 */
	public static BeaconPayload readAgain(BeaconSource source) {
		byte[] json = source.json();
		boolean body = source.form() == BeaconSource.Form.BODY;
		BeaconPayload fast = SdkLayoutReader.read(json, source.form());
		if (fast != null) {
			return fast;
		}
		JsonNode data;
		if (body) {
			data = parseRoot(json).get("data");
			if (data == null || !data.isObject()) {
				throw new BeaconDecodingException(Reason.MISSING_FIELD, "data", "data must be an object", null);
			}
		}
		else {
			try (JsonParser parser = BeaconJson.MAPPER.createParser(json)) {
				data = readTree(parser, "data.");
			}
			catch (JacksonException ex) {
				throw new BeaconDecodingException(Reason.DECRYPTED_NOT_JSON, "data",
						"the plaintext is not JSON: " + ex.getOriginalMessage(), ex);
			}
			if (data == null || !data.isObject()) {
				throw new BeaconDecodingException(Reason.DECRYPTED_NOT_JSON, "data", "the plaintext is not a JSON object", null);
			}
		}
		return BeaconWireFormat.fromJsonLeniently(data);
	}

	private static JsonNode parseRoot(byte[] body) {
		if (isBlank(body)) {
			throw new BeaconDecodingException(Reason.EMPTY_BODY, null, "the request body is empty", null);
		}
		JsonNode root;
		try (JsonParser parser = BeaconJson.MAPPER.createParser(body)) {
			root = readTree(parser, "");
		}
		catch (JacksonException ex) {
			throw new BeaconDecodingException(Reason.MALFORMED_JSON, null,
					"the request body " + JsonLimits.malformed(ex), ex);
		}
		if (root == null || !root.isObject()) {
			throw new BeaconDecodingException(Reason.MALFORMED_JSON, null, "the request body must be a JSON object", null);
		}
		return root;
	}

	/**
	 * Reads a tree, answering a limit of the tokenizer (nesting, number length) as the
	 * field it was hit in: well-formed JSON that is merely too deep or too long is an
	 * invalid field, not malformed JSON.
	 */
	private static JsonNode readTree(JsonParser parser, String prefix) {
		try {
			return BeaconJson.MAPPER.readTree(parser);
		}
		catch (StreamConstraintsException ex) {
			String path = prefix + BeaconJson.pathOf(parser.streamReadContext());
			String field = path.isEmpty() ? null : path;
			throw new BeaconDecodingException(Reason.INVALID_FIELD, field,
					((field != null) ? field : "the body") + " " + BeaconJson.limitProblem(ex), ex);
		}
	}

	private DecodedBeacon decrypt(EncryptedBody fields) {
		String siteId = fields.siteId();
		String uaHash = fields.uaHash();
		long bucket = fields.bucket();
		String tag = fields.tag();
		byte[] tagBytes = fields.tagBytes(tag);
		byte[] ciphertext = fields.ciphertext();
		checkFreshness(bucket, fields.path("bucket"));
		byte[] key = this.cipher.key(siteId, bucket, uaHash);
		if (!BeaconCipher.isAuthentic(key, ciphertext, tagBytes)) {
			throw new BeaconDecodingException(Reason.NOT_AUTHENTIC, fields.path("tag"),
					"the tag does not authenticate the ciphertext: tampered, or derived from other key inputs", null);
		}
		byte[] plaintext = BeaconCipher.apply(key, ciphertext);
		// The tag is already a MAC of exactly these bytes under this key: the same capture sent
		// again carries the same tag, so it serves as the content digest.
		BeaconPayload fastPayload = this.fast ? SdkLayoutReader.read(plaintext, BeaconSource.Form.PLAINTEXT) : null;
		BeaconSource source = new BeaconSource(BeaconSource.Form.PLAINTEXT, plaintext);
		if (fastPayload != null) {
			return new DecodedBeacon(fastPayload, true, tag, tag, source);
		}
		JsonNode data;
		try (JsonParser parser = BeaconJson.MAPPER.createParser(plaintext)) {
			// Paths inside the plaintext are named as in a plain body, from "data".
			data = readTree(parser, "data.");
		}
		catch (BeaconDecodingException ex) {
			throw ex;
		}
		catch (JacksonException ex) {
			data = null;
		}
		if (data == null || !data.isObject()) {
			throw new BeaconDecodingException(Reason.DECRYPTED_NOT_JSON, fields.ciphertextPath(),
					"the decrypted payload is not a JSON object", null);
		}
		return new DecodedBeacon(this.reader.read(data), true, tag, tag, source);
	}

	private void checkFreshness(long bucket, String path) {
		if (this.maxBucketAge == null) {
			return;
		}
		long current = this.clock.millis() / BUCKET_MILLIS;
		// Both are at most MAX_BUCKET, so neither the difference nor the product overflows.
		long ageMillis = Math.abs(current - bucket) * BUCKET_MILLIS;
		if (ageMillis > this.maxBucketAge.toMillis()) {
			throw new BeaconDecodingException(Reason.STALE_BUCKET, path, "key bucket " + bucket + " is "
					+ Duration.ofMillis(ageMillis) + " away from now; at most " + this.maxBucketAge + " is accepted", null);
		}
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	/** Configures a {@link BeaconDecoder}; validates at {@link #build()}. */
	public static final class Builder {

		private @Nullable String serverSecret;

		private boolean validateSchema = true;

		private boolean validateRequiredFields = true;

		private @Nullable Duration maxBucketAge;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Sets the server secret the collector shares with its senders; encrypted bodies are
		 * then only authentic when their key was wrapped with it. The upstream browser SDK
		 * never wraps its key, so a decoder with a secret refuses every encrypted beacon it
		 * sends. {@code null} (the default) accepts keys derived from the browser context
		 * alone.
		 * @param serverSecret the secret, or {@code null}
		 * @return this builder
		 */
		public Builder serverSecret(@Nullable String serverSecret) {
			this.serverSecret = serverSecret;
			return this;
		}

		/**
		 * Sets whether values are checked against the SDK's schema: session ids are UUIDs,
		 * page URLs absolute http(s), event types and event data as the SDK sends them. When
		 * off, events that do not type are delivered as {@link BeaconEvent.Unknown}.
		 * @param validateSchema whether to validate (default {@code true})
		 * @return this builder
		 */
		public Builder validateSchema(boolean validateSchema) {
			this.validateSchema = validateSchema;
			return this;
		}

		/**
		 * Sets whether {@code asset_id}, {@code session_id}, {@code page_url} and
		 * {@code events} must be present.
		 * @param validateRequiredFields whether to require them (default {@code true})
		 * @return this builder
		 */
		public Builder validateRequiredFields(boolean validateRequiredFields) {
			this.validateRequiredFields = validateRequiredFields;
			return this;
		}

		/**
		 * Sets how far the key time bucket of an encrypted body may be from now, either way,
		 * to limit how long a captured body can be replayed. The bucket comes from the
		 * client's clock, so this measures the client's clock error as much as the body's
		 * age. {@code null} (the default) accepts any bucket.
		 * @param maxBucketAge the largest accepted distance, or {@code null}
		 * @return this builder
		 */
		public Builder maxBucketAge(@Nullable Duration maxBucketAge) {
			this.maxBucketAge = maxBucketAge;
			return this;
		}

		/**
		 * Sets the clock the bucket age is measured against.
		 * @param clock the clock (default: the system UTC clock)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Builds the decoder.
		 * @return the decoder
		 * @throws IllegalArgumentException when the settings are inconsistent
		 */
		public BeaconDecoder build() {
			if (this.serverSecret != null && this.serverSecret.isEmpty()) {
				throw new IllegalArgumentException("serverSecret must not be empty; leave it unset to use none");
			}
			if (this.maxBucketAge != null && (this.maxBucketAge.isNegative() || this.maxBucketAge.isZero())) {
				throw new IllegalArgumentException("maxBucketAge must be positive but was " + this.maxBucketAge);
			}
			return new BeaconDecoder(this);
		}

	}

}
