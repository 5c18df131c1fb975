package io.unisights.beacon;

import java.nio.ByteBuffer;
import java.util.Base64;

import io.unisights.beacon.BeaconDecodingException.Reason;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The key inputs, tag and ciphertext of an encrypted body, for {@link BeaconCipher}, each
 * refused with the path it was found at. Two forms carry them:
 * <ul>
 * <li>the browser SDK's: {@code data} (the base64 ciphertext), {@code tag}, {@code bucket},
 * {@code site_id}, {@code ua_hash} and {@code encrypted: true} at the root;</li>
 * <li>the envelope form: {@code {"encrypted": true, "envelope": {"site_id", "ua_hash",
 * "bucket", "tag", "ciphertext"}}}.</li>
 * </ul>
 */
final class EncryptedBody {

	private final JsonNode node;

	private final String prefix;

	private final String ciphertextName;

	/** The base64 text of the ciphertext where it was found in the body, else in the node. */
	private final @Nullable ByteBuffer ciphertextText;

	private EncryptedBody(JsonNode node, String prefix, String ciphertextName, @Nullable ByteBuffer ciphertextText) {
		if (!node.isObject()) {
			throw new BeaconDecodingException(Reason.INVALID_FIELD, prefix.isEmpty() ? "data" : "envelope",
					"must be an object", null);
		}
		this.node = node;
		this.prefix = prefix;
		this.ciphertextName = ciphertextName;
		this.ciphertextText = ciphertextText;
	}

	/**
	 * Reads the browser SDK's encrypted body, its fields in any order, into the object the
	 * tree reader would make of it, less the long ciphertext, which stays where it is in the
	 * body: the tree parse, a string of it and a copy of that are spared. The checks of the
	 * fields then apply unchanged.
	 * @return the body's fields, or {@code null} when the body has another form or shape
	 */
	static @Nullable EncryptedBody readSdkForm(byte[] body) {
		try {
			CompactJsonTokens tokens = new CompactJsonTokens(body);
			if (tokens.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			ObjectNode fields = BeaconJson.NODES.objectNode();
			int ciphertextStart = -1;
			int ciphertextEnd = -1;
			boolean encrypted = false;
			for (String name = tokens.nextName(); name != null; name = tokens.nextName()) {
				JsonToken token = tokens.nextToken();
				switch (name) {
					case "data" -> {
						// Base64 is ASCII and needs no escape: anything else is left to the tree reader.
						CompactJsonBytes.require(token == JsonToken.VALUE_STRING && ciphertextStart < 0
								&& !tokens.textEscaped && !tokens.textUtf8);
						ciphertextStart = tokens.textStart;
						ciphertextEnd = tokens.textEnd;
						continue;
					}
					case "tag", "site_id", "ua_hash" -> CompactJsonBytes.require(token == JsonToken.VALUE_STRING);
					case "bucket" -> CompactJsonBytes.require(token == JsonToken.VALUE_NUMBER_INT);
					case "encrypted" -> {
						CompactJsonBytes.require(token == JsonToken.VALUE_TRUE);
						encrypted = true;
					}
					default -> {
						return null;
					}
				}
				CompactJsonBytes.require(!fields.has(name));
				fields.set(name, tokens.readValueAsTree());
			}
			return (encrypted && ciphertextStart >= 0 && tokens.nextToken() == null) ? new EncryptedBody(fields, "",
					"data", ByteBuffer.wrap(body, ciphertextStart, ciphertextEnd - ciphertextStart)) : null;
		}
		catch (CompactJsonBytes.GiveUp ex) {
			return null;
		}
	}

	/**
	 * The encrypted fields of a body read as a tree.
	 * @return the fields, or {@code null} for a plain body (an object {@code data} with
	 * {@code encrypted: true} too, which older SDKs send)
	 */
	static @Nullable EncryptedBody of(JsonNode root) {
		if (!root.path("encrypted").asBoolean(false)) {
			return null;
		}
		if (root.has("envelope")) {
			return new EncryptedBody(root.get("envelope"), "envelope.", "ciphertext", null);
		}
		JsonNode data = root.get("data");
		return (data == null || !data.isObject()) ? new EncryptedBody(root, "", "data", null) : null;
	}

	String siteId() {
		return string("site_id");
	}

	String uaHash() {
		return string("ua_hash");
	}

	String tag() {
		return string("tag");
	}

	byte[] tagBytes(String tag) {
		return base64("tag", tag);
	}

	String path(String name) {
		return this.prefix + name;
	}

	String ciphertextPath() {
		return path(this.ciphertextName);
	}

	byte[] ciphertext() {
		if (this.ciphertextText == null) {
			return base64(this.ciphertextName, string(this.ciphertextName));
		}
		try {
			// Decoded from the body's own bytes: no string of the text, no copy of that.
			ByteBuffer decoded = Base64.getDecoder().decode(this.ciphertextText.duplicate());
			return (decoded.hasArray() && decoded.arrayOffset() == 0 && decoded.remaining() == decoded.array().length)
					? decoded.array() : copy(decoded);
		}
		catch (IllegalArgumentException ex) {
			throw new BeaconDecodingException(Reason.MALFORMED_CIPHERTEXT, ciphertextPath(),
					ciphertextPath() + " is not valid base64", null);
		}
	}

	private static byte[] copy(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	private String string(String name) {
		JsonNode value = this.node.get(name);
		if (value == null || value.isNull()) {
			throw new BeaconDecodingException(Reason.ENCRYPTION_FIELDS_MISSING, path(name),
					"an encrypted body needs " + path(name), null);
		}
		if (!value.isString()) {
			throw new BeaconDecodingException(Reason.INVALID_FIELD, path(name), path(name) + " must be a string", null);
		}
		return value.stringValue();
	}

	long bucket() {
		JsonNode value = this.node.get("bucket");
		if (value == null || value.isNull()) {
			throw new BeaconDecodingException(Reason.ENCRYPTION_FIELDS_MISSING, path("bucket"),
					"an encrypted body needs " + path("bucket"), null);
		}
		if (value.isIntegralNumber() && value.canConvertToLong() && isBucket(value.longValue())) {
			return value.longValue();
		}
		if (value.isString()) {
			try {
				long bucket = Long.parseLong(value.stringValue());
				if (isBucket(bucket)) {
					return bucket;
				}
			}
			catch (NumberFormatException ex) {
				// refused below
			}
		}
		throw new BeaconDecodingException(Reason.INVALID_FIELD, path("bucket"),
				path("bucket") + " must be a whole number from 0 to " + BeaconDecoder.MAX_BUCKET
						+ " (the 30-second periods a JavaScript clock can count)", null);
	}

	private static boolean isBucket(long bucket) {
		return bucket >= 0 && bucket <= BeaconDecoder.MAX_BUCKET;
	}

	private byte[] base64(String name, String value) {
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new BeaconDecodingException(Reason.MALFORMED_CIPHERTEXT, path(name),
					path(name) + " is not valid base64", null);
		}
	}

}
