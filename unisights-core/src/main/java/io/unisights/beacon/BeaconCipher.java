package io.unisights.beacon;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The SDK's payload cipher. The key is derived from what the browser knows:
 * {@code client_key = SHA-256(site_id ":" bucket as 8 bytes big-endian ":" ua_hash)}, wrapped
 * as {@code HMAC-SHA256(server_secret, client_key)} when the server holds a secret. The
 * plaintext is XORed with the keystream {@code SHA-256(key || u32be(0)) || SHA-256(key ||
 * u32be(1)) || ...} and authenticated with {@code HMAC-SHA256(key, ciphertext)}.
 * <p>
 * The tag is a MAC, not an AEAD: it proves the sender knew the key inputs (and the server
 * secret, when one is set), nothing more. Without a server secret anyone who reads the SDK
 * can produce valid bodies; the cipher protects payloads from passive observers only.
 */
final class BeaconCipher {

	private static final String HMAC = "HmacSHA256";

	// Looking an algorithm up in the providers cost more per request than the digests of a
	// small body; a clone of an instance found once skips the lookup (and is thread-safe,
	// unlike sharing the instance). Falls back to a lookup where a provider cannot clone.
	private static final MessageDigest SHA256_PROTOTYPE = lookUpSha256();

	private static final Mac HMAC_PROTOTYPE = lookUpHmac();

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private final byte @Nullable [] serverSecret;

	BeaconCipher(byte @Nullable [] serverSecret) {
		this.serverSecret = (serverSecret != null) ? serverSecret.clone() : null;
	}

	byte[] key(String siteId, long bucket, String uaHash) {
		MessageDigest sha256 = sha256();
		sha256.update(siteId.getBytes(StandardCharsets.UTF_8));
		sha256.update((byte) ':');
		for (int shift = 56; shift >= 0; shift -= 8) {
			sha256.update((byte) (bucket >>> shift));
		}
		sha256.update((byte) ':');
		sha256.update(uaHash.getBytes(StandardCharsets.UTF_8));
		byte[] clientKey = sha256.digest();
		return (this.serverSecret != null) ? hmac(this.serverSecret, clientKey) : clientKey;
	}

	/**
	 * Checks the tag in constant time.
	 * @return whether {@code tag} authenticates {@code ciphertext} under {@code key}
	 */
	static boolean isAuthentic(byte[] key, byte[] ciphertext, byte[] tag) {
		return MessageDigest.isEqual(hmac(key, ciphertext), tag);
	}

	static byte[] tag(byte[] key, byte[] ciphertext) {
		return hmac(key, ciphertext);
	}

	/** XORs {@code input} with the keystream; encryption and decryption are the same. */
	static byte[] apply(byte[] key, byte[] input) {
		byte[] output = new byte[input.length];
		MessageDigest sha256 = sha256();
		// key || u32be(counter) in one array: one update per block instead of two.
		byte[] block = new byte[key.length + 4];
		System.arraycopy(key, 0, block, 0, key.length);
		int counterAt = key.length;
		byte[] stream = new byte[32];
		int whole = input.length & ~31;
		int i = 0;
		for (int offset = 0; offset < input.length; offset += 32, i++) {
			block[counterAt] = (byte) (i >>> 24);
			block[counterAt + 1] = (byte) (i >>> 16);
			block[counterAt + 2] = (byte) (i >>> 8);
			block[counterAt + 3] = (byte) i;
			sha256.update(block);
			try {
				sha256.digest(stream, 0, 32);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			if (offset < whole) {
				// Eight bytes at a time: the XOR cost a quarter of the digests byte by byte.
				for (int j = 0; j < 32; j += 8) {
					LONGS.set(output, offset + j,
							(long) LONGS.get(input, offset + j) ^ (long) LONGS.get(stream, j));
				}
			}
			else {
				for (int j = 0; j < input.length - offset; j++) {
					output[offset + j] = (byte) (input[offset + j] ^ stream[j]);
				}
			}
		}
		return output;
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = hmacInstance();
			mac.init(new SecretKeySpec(key, HMAC));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every Java platform", ex);
		}
	}

	private static MessageDigest sha256() {
		try {
			return (MessageDigest) SHA256_PROTOTYPE.clone();
		}
		catch (CloneNotSupportedException ex) {
			return lookUpSha256();
		}
	}

	private static Mac hmacInstance() {
		try {
			return (Mac) HMAC_PROTOTYPE.clone();
		}
		catch (CloneNotSupportedException ex) {
			return lookUpHmac();
		}
	}

	private static MessageDigest lookUpSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	private static Mac lookUpHmac() {
		try {
			return Mac.getInstance(HMAC);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every Java platform", ex);
		}
	}

}
