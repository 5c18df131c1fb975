package io.unisights.tracking;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.unisights.wire.JsonLimits;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.tracking.TrackingToken.Format;
import io.unisights.tracking.TrackingToken.Kind;
import io.unisights.tracking.TrackingTokenException.Reason;

/**
 * The native token layout (version 1), all integers big-endian:
 *
 * <pre>
 * version   1 byte   0x01 when written in base64url, 0x81 in base32 (so the first
 *                    character, 'A' or 'q', tells the alphabet)
 * flags     1 byte   bit 0 click, bit 1 encrypted, bit 2 expires
 * key id    4 bytes  HMAC(secret, "unisights/tracking/key-id"), truncated
 * issued    4 bytes  unsigned seconds since the epoch
 * expires   4 bytes  unsigned seconds since the epoch, only when the flag is set
 * body      plain:     [varint url length, url UTF-8 (clicks only)] metadata JSON UTF-8
 *           encrypted: 12-byte nonce, AES-256-GCM(plain body, AAD = header), 16-byte tag
 * mac       16 bytes HMAC-SHA256 of everything before, truncated to 128 bits
 * </pre>
 *
 * The MAC is checked before anything after the header is looked at.
 */
final class NativeTokens {

	static final byte VERSION_BASE64 = 0x01;

	static final byte VERSION_BASE32 = (byte) 0x81;

	private static final int FLAG_CLICK = 1;

	private static final int FLAG_ENCRYPTED = 2;

	private static final int FLAG_EXPIRES = 4;

	private static final int HEADER = 2 + SigningKey.ID_LENGTH + 4;

	private static final int NONCE_LENGTH = 12;

	private static final int GCM_TAG_BITS = 128;

	private static final Base64.Encoder BASE64_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder BASE64_DECODER = Base64.getUrlDecoder();

	private static final SecureRandom RANDOM = new SecureRandom();

	private NativeTokens() {
	}

	static boolean looksNative(String token) {
		char first = token.charAt(0);
		return first == 'A' || first == 'q' || first == 'Q';
	}

	static String encode(SigningKey key, Kind kind, @Nullable String targetUrl, byte[] metadataJson, Instant issuedAt,
			@Nullable Instant expiresAt, boolean encrypt, TokenEncoding encoding) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + 4 + 64 + metadataJson.length
				+ ((targetUrl != null) ? targetUrl.length() : 0));
		out.write((encoding == TokenEncoding.BASE32) ? VERSION_BASE32 : VERSION_BASE64);
		int flags = ((kind == Kind.CLICK) ? FLAG_CLICK : 0) | (encrypt ? FLAG_ENCRYPTED : 0)
				| ((expiresAt != null) ? FLAG_EXPIRES : 0);
		out.write(flags);
		out.writeBytes(key.id());
		writeSeconds(out, issuedAt);
		if (expiresAt != null) {
			writeSeconds(out, expiresAt);
		}
		byte[] body = body(targetUrl, metadataJson);
		if (encrypt) {
			byte[] header = out.toByteArray();
			byte[] nonce = new byte[NONCE_LENGTH];
			RANDOM.nextBytes(nonce);
			out.writeBytes(nonce);
			out.writeBytes(gcm(Cipher.ENCRYPT_MODE, key, nonce, header, header.length, body, 0, body.length));
		}
		else {
			out.writeBytes(body);
		}
		byte[] unsigned = out.toByteArray();
		byte[] signed = Arrays.copyOf(unsigned, unsigned.length + SigningKey.MAC_LENGTH);
		System.arraycopy(key.sign(unsigned, unsigned.length), 0, signed, unsigned.length, SigningKey.MAC_LENGTH);
		return (encoding == TokenEncoding.BASE32) ? Base32.encode(signed) : BASE64_ENCODER.encodeToString(signed);
	}

	private static byte[] body(@Nullable String targetUrl, byte[] metadataJson) {
		if (targetUrl == null) {
			return metadataJson;
		}
		byte[] url = targetUrl.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream body = new ByteArrayOutputStream(url.length + metadataJson.length + 3);
		int length = url.length;
		while (length >= 0x80) {
			body.write((length & 0x7F) | 0x80);
			length >>>= 7;
		}
		body.write(length);
		body.writeBytes(url);
		body.writeBytes(metadataJson);
		return body.toByteArray();
	}

	private static void writeSeconds(ByteArrayOutputStream out, Instant instant) {
		long seconds = instant.getEpochSecond();
		if (seconds < 0 || seconds > 0xFFFFFFFFL) {
			throw new IllegalArgumentException("Time " + instant + " cannot be carried in a tracking token");
		}
		out.write((int) (seconds >>> 24));
		out.write((int) (seconds >>> 16));
		out.write((int) (seconds >>> 8));
		out.write((int) seconds);
	}

	static TrackingToken decode(String token, List<SigningKey> keys, Instant now) {
		byte[] data = decodeText(token);
		if (data.length < HEADER + SigningKey.MAC_LENGTH + 1) {
			throw new TrackingTokenException(Reason.MALFORMED, "Token is too short to be a tracking token");
		}
		byte expectedVersion = (token.charAt(0) == 'A') ? VERSION_BASE64 : VERSION_BASE32;
		if (data[0] != expectedVersion) {
			throw new TrackingTokenException(Reason.UNSUPPORTED_VERSION,
					"Token version " + (data[0] & 0xFF) + " is not supported");
		}
		int flags = data[1] & 0xFF;
		SigningKey key = verify(data, keys);
		int offset = 2 + SigningKey.ID_LENGTH;
		Instant issuedAt = readSeconds(data, offset);
		offset += 4;
		Instant expiresAt = null;
		if ((flags & FLAG_EXPIRES) != 0) {
			if (data.length < offset + 4 + SigningKey.MAC_LENGTH + 1) {
				throw new TrackingTokenException(Reason.MALFORMED, "Token is too short to be a tracking token");
			}
			expiresAt = readSeconds(data, offset);
			offset += 4;
			if (!now.isBefore(expiresAt)) {
				throw new TrackingTokenException(Reason.EXPIRED, "Token expired at " + expiresAt);
			}
		}
		int end = data.length - SigningKey.MAC_LENGTH;
		byte[] body = data;
		int bodyStart = offset;
		int bodyEnd = end;
		if ((flags & FLAG_ENCRYPTED) != 0) {
			if (end - offset < NONCE_LENGTH + GCM_TAG_BITS / 8) {
				throw new TrackingTokenException(Reason.MALFORMED, "Encrypted token is truncated");
			}
			byte[] nonce = Arrays.copyOfRange(data, offset, offset + NONCE_LENGTH);
			body = gcm(Cipher.DECRYPT_MODE, key, nonce, data, offset, data, offset + NONCE_LENGTH,
					end - offset - NONCE_LENGTH);
			bodyStart = 0;
			bodyEnd = body.length;
		}
		Kind kind = ((flags & FLAG_CLICK) != 0) ? Kind.CLICK : Kind.OPEN;
		String targetUrl = null;
		if (kind == Kind.CLICK) {
			int length = 0;
			int shift = 0;
			while (true) {
				if (bodyStart >= bodyEnd || shift > 21) {
					throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, "url",
							"Target URL length is truncated", null);
				}
				int b = body[bodyStart++] & 0xFF;
				length |= (b & 0x7F) << shift;
				shift += 7;
				if ((b & 0x80) == 0) {
					break;
				}
			}
			if (length > bodyEnd - bodyStart) {
				throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, "url", "Target URL is truncated", null);
			}
			targetUrl = new String(body, bodyStart, length, StandardCharsets.UTF_8);
			bodyStart += length;
		}
		ObjectNode metadata = readObject(body, bodyStart, bodyEnd - bodyStart, "metadata");
		return new TrackingToken(kind, metadata, targetUrl, issuedAt, expiresAt, key.hexId(), Format.NATIVE, null);
	}

	private static byte[] decodeText(String token) {
		try {
			return (token.charAt(0) == 'A') ? BASE64_DECODER.decode(token) : Base32.decode(token);
		}
		catch (IllegalArgumentException ex) {
			throw new TrackingTokenException(Reason.MALFORMED, null, "Token is not valid "
					+ ((token.charAt(0) == 'A') ? "base64url" : "base32") + ": " + ex.getMessage(), ex);
		}
	}

	private static SigningKey verify(byte[] data, List<SigningKey> keys) {
		boolean known = false;
		// Ids are short, so two keys may share one: try each key that has it.
		for (SigningKey key : keys) {
			if (key.hasId(data, 2)) {
				known = true;
				if (key.verify(data)) {
					return key;
				}
			}
		}
		if (!known) {
			throw new TrackingTokenException(Reason.UNKNOWN_KEY,
					"Token was signed with a key that is not configured (key id "
							+ java.util.HexFormat.of().formatHex(data, 2, 2 + SigningKey.ID_LENGTH) + ")");
		}
		throw new TrackingTokenException(Reason.BAD_SIGNATURE, "Token signature does not match: forged or altered");
	}

	private static Instant readSeconds(byte[] data, int offset) {
		long seconds = ((data[offset] & 0xFFL) << 24) | ((data[offset + 1] & 0xFFL) << 16)
				| ((data[offset + 2] & 0xFFL) << 8) | (data[offset + 3] & 0xFFL);
		return Instant.ofEpochSecond(seconds);
	}

	/**
	 * Parses a JSON object.
	 * @param field the payload field being read, or {@code null} for the whole payload
	 */
	static ObjectNode readObject(byte[] json, int offset, int length, @Nullable String field) {
		String what = (field != null) ? field : "Payload";
		JsonNode node;
		try {
			node = TrackingJson.MAPPER.readTree(json, offset, length);
		}
		catch (JacksonException ex) {
			throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, field, what + " is not valid JSON", ex);
		}
		if (!(node instanceof ObjectNode object)) {
			throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, field, what + " is not a JSON object", null);
		}
		// 1e400 reads as infinity, which no writer can pass on as it was minted.
		String nonFinite = JsonLimits.nonFinite(object);
		if (nonFinite != null) {
			String path = (field != null) ? field + nonFinite : nonFinite.substring(1);
			throw new TrackingTokenException(Reason.MALFORMED_PAYLOAD, path,
					path + " is a number beyond the range of a double", null);
		}
		return object;
	}

	private static byte[] gcm(int mode, SigningKey key, byte[] nonce, byte[] aad, int aadLength, byte[] input,
			int offset, int length) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, key.encryptionKey(), new GCMParameterSpec(GCM_TAG_BITS, nonce));
			cipher.updateAAD(aad, 0, aadLength);
			return cipher.doFinal(input, offset, length);
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new TrackingTokenException(Reason.BAD_SIGNATURE, null, "Encrypted token is not authentic", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

}
