package io.unisights.ingest;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;

/**
 * The signatures of a {@code webhook-signature} header, by version, and whether one matches;
 * entries of other versions and malformed entries cannot match and are passed over, so
 * others in the list still may.
 */
record SignatureCandidates(List<byte[]> hmac, List<byte[]> ed25519) {

	static SignatureCandidates of(String header) {
		List<byte[]> hmac = new ArrayList<>(2);
		List<byte[]> ed25519 = new ArrayList<>(2);
		for (String part : header.trim().split(" +")) {
			if (part.startsWith(WebhookSignature.HMAC_VERSION)) {
				add(hmac, part.substring(WebhookSignature.HMAC_VERSION.length()), -1);
			}
			else if (part.startsWith(WebhookSignature.ED25519_VERSION)
					&& ed25519.size() < WebhookSignature.MAX_V1A_CANDIDATES) {
				add(ed25519, part.substring(WebhookSignature.ED25519_VERSION.length()), Ed25519Keys.SIGNATURE_BYTES);
			}
		}
		return new SignatureCandidates(hmac, ed25519);
	}

	/** Whether a {@code v1} signature is the HMAC under one of the keys, compared in constant time. */
	boolean anyHmacMatches(List<Mac> prototypes, byte[] prefix, byte[] body) {
		if (this.hmac.isEmpty()) {
			return false;
		}
		for (Mac prototype : prototypes) {
			byte[] expected = HmacKeys.mac(prototype, prefix, body);
			for (byte[] candidate : this.hmac) {
				if (MessageDigest.isEqual(expected, candidate)) {
					return true;
				}
			}
		}
		return false;
	}

	/** Whether one of the keys verifies a {@code v1a} signature. */
	boolean anyEd25519Verifies(List<PublicKey> keys, byte[] prefix, byte[] body) {
		for (byte[] candidate : this.ed25519) {
			for (PublicKey key : keys) {
				if (Ed25519Keys.verify(key, prefix, body, candidate)) {
					return true;
				}
			}
		}
		return false;
	}

	private static void add(List<byte[]> list, String encoded, int length) {
		try {
			byte[] signature = Base64.getDecoder().decode(encoded);
			if (length < 0 || signature.length == length) {
				list.add(signature);
			}
		}
		catch (IllegalArgumentException ex) {
			// Not base64: cannot match.
		}
	}

}
