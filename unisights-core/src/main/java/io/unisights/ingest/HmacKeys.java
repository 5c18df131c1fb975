package io.unisights.ingest;

import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 half of Standard Webhooks ({@code v1}): reads {@code whsec_} secrets into
 * keyed prototypes and computes the MAC of a message from a clone of one.
 */
final class HmacKeys {

	static final String PREFIX = "whsec_";

	private static final String ALGORITHM = "HmacSHA256";

	private static final int MIN_KEY_BYTES = 16;

	private HmacKeys() {
	}

	static byte[] mac(Mac prototype, byte[] prefix, byte[] body) {
		Mac mac = copy(prototype);
		mac.update(prefix);
		mac.update(body);
		return mac.doFinal();
	}

	private static Mac copy(Mac prototype) {
		// Cloning a keyed Mac skips the provider look-up and key set-up of getInstance/init.
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("The " + ALGORITHM + " provider cannot clone a Mac", ex);
		}
	}

	static Mac keyed(String secret) {
		String encoded = secret.trim();
		if (encoded.startsWith(Ed25519Keys.PRIVATE_PREFIX) || encoded.startsWith(Ed25519Keys.PUBLIC_PREFIX)) {
			String kind = encoded.startsWith(Ed25519Keys.PRIVATE_PREFIX) ? "whsk_ private" : "whpk_ public";
			throw new IllegalArgumentException("A webhook secret must be 'whsec_' followed by base64, but this is an "
					+ "Ed25519 " + kind + " key: configure it as a key, not a secret");
		}
		if (encoded.startsWith(PREFIX)) {
			encoded = encoded.substring(PREFIX.length());
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("A webhook secret must be 'whsec_' followed by base64");
		}
		if (key.length < MIN_KEY_BYTES) {
			throw new IllegalArgumentException(
					"A webhook secret must decode to at least " + MIN_KEY_BYTES + " bytes; generate one with 24 to 64 random bytes");
		}
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key, ALGORITHM));
			copy(mac);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is not available", ex);
		}
	}

}
