package io.unisights.tracking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One configured secret and the keys derived from it. Separate keys for signing,
 * encryption and the public key id keep one use from weakening another, and let any
 * secret string be used whatever its length.
 */
final class SigningKey {

	static final int ID_LENGTH = 4;

	static final int MAC_LENGTH = 16;

	private static final String HMAC = "HmacSHA256";

	private final byte[] id;

	private final String hexId;

	private final Mac macPrototype;

	private final SecretKeySpec macKey;

	private final SecretKeySpec encryptionKey;

	private SigningKey(byte[] id, SecretKeySpec macKey, SecretKeySpec encryptionKey) {
		this.id = id;
		this.hexId = HexFormat.of().formatHex(id);
		this.macKey = macKey;
		this.encryptionKey = encryptionKey;
		this.macPrototype = newMac(macKey);
	}

	static SigningKey derive(String secret) {
		byte[] master = secret.getBytes(StandardCharsets.UTF_8);
		SecretKeySpec masterKey = new SecretKeySpec(master, HMAC);
		byte[] id = java.util.Arrays.copyOf(hmac(masterKey, "unisights/tracking/key-id"), ID_LENGTH);
		SecretKeySpec macKey = new SecretKeySpec(hmac(masterKey, "unisights/tracking/mac"), HMAC);
		SecretKeySpec encryptionKey = new SecretKeySpec(hmac(masterKey, "unisights/tracking/aes-256-gcm"), "AES");
		return new SigningKey(id, macKey, encryptionKey);
	}

	private static byte[] hmac(SecretKeySpec key, String label) {
		return newMac(key).doFinal(label.getBytes(StandardCharsets.US_ASCII));
	}

	private static Mac newMac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	byte[] id() {
		return this.id;
	}

	String hexId() {
		return this.hexId;
	}

	boolean hasId(byte[] data, int offset) {
		for (int i = 0; i < ID_LENGTH; i++) {
			if (data[offset + i] != this.id[i]) {
				return false;
			}
		}
		return true;
	}

	SecretKeySpec encryptionKey() {
		return this.encryptionKey;
	}

	/** Truncated HMAC-SHA256 of {@code data[0..length)}. */
	byte[] sign(byte[] data, int length) {
		Mac mac = mac();
		mac.update(data, 0, length);
		return java.util.Arrays.copyOf(mac.doFinal(), MAC_LENGTH);
	}

	/** Whether the last {@link #MAC_LENGTH} bytes of {@code data} sign the rest, in constant time. */
	boolean verify(byte[] data) {
		int signedLength = data.length - MAC_LENGTH;
		byte[] expected = sign(data, signedLength);
		return MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(data, signedLength, data.length));
	}

	private Mac mac() {
		// Mac is not thread-safe; cloning an initialised prototype is far cheaper than
		// looking the algorithm up and initialising it on every call.
		try {
			return (Mac) this.macPrototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			return newMac(this.macKey);
		}
	}

}
