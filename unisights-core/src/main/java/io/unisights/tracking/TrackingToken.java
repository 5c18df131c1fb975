package io.unisights.tracking;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a tracking link carries, as recovered from a verified token.
 *
 * @param kind whether the link is an open pixel or a click redirect
 * @param metadata the sender's metadata (a JSON object, possibly empty); owned by this
 * token, copy it before modifying it
 * @param targetUrl where a click link redirects to; {@code null} for opens
 * @param issuedAt when the link was minted; {@code null} for unsigned pytracking links,
 * which carry no time
 * @param expiresAt when the link stops being accepted; {@code null} for no expiry
 * @param keyId id of the key that signed the token; {@code null} for pytracking links
 * @param format how the token was encoded
 * @param webhookUrl webhook URL embedded by pytracking, if any; never set on native tokens
 */
public record TrackingToken(Kind kind, ObjectNode metadata, @Nullable String targetUrl, @Nullable Instant issuedAt,
		@Nullable Instant expiresAt, @Nullable String keyId, Format format, @Nullable String webhookUrl) {

	/** The two kinds of tracking link. */
	public enum Kind {

		/** A 1×1 image whose loading reports an open. */
		OPEN,

		/** A redirect whose following reports a click. */
		CLICK

	}

	/** How a token was minted. */
	public enum Format {

		/** This library's signed (and possibly encrypted) token. */
		NATIVE,

		/** pytracking 0.2 plain url-safe base64 JSON: unsigned, anyone can forge it. */
		PYTRACKING_PLAIN,

		/** pytracking 0.2 Fernet token (AES-128-CBC with HMAC-SHA256). */
		PYTRACKING_FERNET

	}

}
