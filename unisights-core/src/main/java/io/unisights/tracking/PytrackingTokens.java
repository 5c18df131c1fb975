package io.unisights.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.Base64;
import java.util.List;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import com.macasaet.fernet.Validator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.tracking.TrackingToken.Format;
import io.unisights.tracking.TrackingToken.Kind;
import io.unisights.tracking.TrackingTokenException.Reason;

/**
 * Reads links minted by pytracking 0.2: {@code urlsafe_b64encode(json.dumps(data))} with
 * padding, or the same JSON as a Fernet token. The JSON holds {@code metadata} (object),
 * {@code url} (clicks) and optionally {@code webhook}. pytracking decides open or click
 * by the endpoint, not the token, and so does this reader.
 */
final class PytrackingTokens {

	/** Fernet tokens are version 0x80 followed by a 64-bit timestamp: "gAAAAA" in base64. */
	private static final String FERNET_PREFIX = "gAAAAA";

	private static final Base64.Decoder BASE64_DECODER = Base64.getUrlDecoder();

	private final List<Key> fernetKeys;

	private final boolean acceptUnsigned;

	private final Validator<byte[]> validator;

	PytrackingTokens(List<String> fernetKeys, boolean acceptUnsigned, Clock clock) {
		this.fernetKeys = fernetKeys.stream().map(PytrackingTokens::fernetKey).toList();
		this.acceptUnsigned = acceptUnsigned;
		this.validator = new Validator<>() {

			@Override
			public Clock getClock() {
				return clock;
			}

			@Override
			public TemporalAmount getTimeToLive() {
				// pytracking decrypts without a ttl: its links never expire.
				return Duration.ofDays(365L * 200);
			}

			@Override
			public java.util.function.Function<byte[], byte[]> getTransformer() {
				return (bytes) -> bytes;
			}

		};
	}

	private static Key fernetKey(String encoded) {
		try {
			return new Key(encoded);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"pytracking Fernet key is not 32 bytes of url-safe base64 (as Fernet.generate_key() makes)", ex);
		}
	}

	TrackingToken decode(String token, Kind kind) {
		if (token.startsWith(FERNET_PREFIX)) {
			return decodeFernet(token, kind);
		}
		if (!this.acceptUnsigned) {
			throw new TrackingTokenException(Reason.UNSIGNED_NOT_ACCEPTED,
					"Unsigned pytracking links are not accepted: anyone could forge them");
		}
		byte[] json;
		try {
			json = BASE64_DECODER.decode(token);
		}
		catch (IllegalArgumentException ex) {
			throw new TrackingTokenException(Reason.MALFORMED, null, "Token is not valid base64url", ex);
		}
		return payload(json, kind, null, Format.PYTRACKING_PLAIN);
	}

	private TrackingToken decodeFernet(String token, Kind kind) {
		if (this.fernetKeys.isEmpty()) {
			throw new TrackingTokenException(Reason.UNKNOWN_KEY, "No pytracking Fernet key is configured");
		}
		Token fernet;
		try {
			fernet = Token.fromString(token);
		}
		catch (RuntimeException ex) {
			throw new TrackingTokenException(Reason.MALFORMED, null, "Token is not a valid Fernet token", ex);
		}
		byte[] json;
		try {
			json = fernet.validateAndDecrypt(this.fernetKeys, this.validator);
		}
		catch (TokenValidationException ex) {
			throw new TrackingTokenException(Reason.BAD_SIGNATURE, null,
					"Fernet token is not authentic with any configured key, or too far in the future", ex);
		}
		catch (RuntimeException ex) {
			throw new TrackingTokenException(Reason.MALFORMED, null, "Fernet token cannot be read", ex);
		}
		return payload(json, kind, fernet.getTimestamp(), Format.PYTRACKING_FERNET);
	}

	private static TrackingToken payload(byte[] json, Kind kind, java.time.@Nullable Instant issuedAt, Format format) {
		ObjectNode root = NativeTokens.readObject(json, 0, json.length, null);
		JsonNode metadataNode = root.get("metadata");
		ObjectNode metadata;
		if (metadataNode == null || metadataNode.isNull()) {
			metadata = TrackingJson.MAPPER.createObjectNode();
		}
		else if (metadataNode instanceof ObjectNode object) {
			metadata = object;
		}
		else {
			throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, "metadata", "metadata is not a JSON object",
					null);
		}
		String url = null;
		if (kind == Kind.CLICK) {
			url = text(root, "url");
			if (url == null) {
				throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, "url", "Click link carries no url", null);
			}
		}
		return new TrackingToken(kind, metadata, url, issuedAt, null, null, format, text(root, "webhook"));
	}

	private static @Nullable String text(ObjectNode root, String field) {
		JsonNode node = root.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, field, field + " is not a string", null);
		}
		return node.asString();
	}

}
