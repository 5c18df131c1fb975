package io.unisights.ingest;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The Ed25519 half of Standard Webhooks ({@code v1a}), on the JDK's own provider: reads
 * {@code whpk_}/{@code whsk_} keys (base64 of the raw 32-byte public key and of the 32-byte
 * private seed, as the specification's libraries write them), signs and verifies.
 */
final class Ed25519Keys {

	static final String PUBLIC_PREFIX = "whpk_";

	static final String PRIVATE_PREFIX = "whsk_";

	static final int SIGNATURE_BYTES = 64;

	private static final String ALGORITHM = "Ed25519";

	private static final int KEY_BYTES = 32;

	/**
	 * The canonical encodings of the eight points of small order. A public key among them
	 * verifies signatures that anyone can make without the private key (the identity
	 * accepts one fixed signature for every message), so it is refused; larger y values
	 * the JDK refuses itself.
	 */
	private static final List<byte[]> SMALL_ORDER = List.of(
			hex("0000000000000000000000000000000000000000000000000000000000000000"),
			hex("0000000000000000000000000000000000000000000000000000000000000080"),
			hex("0100000000000000000000000000000000000000000000000000000000000000"),
			hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
			hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
			hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
			hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
			hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));

	private Ed25519Keys() {
	}

	/**
	 * Reads a public key.
	 * @param encoded {@code whpk_<base64>}; the prefix may be left out
	 * @return the key
	 * @throws IllegalArgumentException naming what is wrong, never repeating the value
	 */
	static PublicKey publicKey(String encoded) {
		String value = encoded.trim();
		if (value.startsWith(PRIVATE_PREFIX) || value.startsWith(HmacKeys.PREFIX)) {
			throw new IllegalArgumentException("A webhook public key must be 'whpk_' followed by base64, but this is a "
					+ (value.startsWith(PRIVATE_PREFIX) ? "whsk_ private key" : "whsec_ secret")
					+ ": list the sender's whpk_ public key and keep the private part with the sender");
		}
		byte[] raw = decode(value, PUBLIC_PREFIX, "public key");
		for (byte[] weak : SMALL_ORDER) {
			if (Arrays.equals(weak, raw)) {
				throw new IllegalArgumentException("A webhook public key must be a real Ed25519 key; this one is a point of "
						+ "small order, for which anyone can make signatures that verify");
			}
		}
		PublicKey key;
		try {
			key = keyFactory().generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point(raw)));
			// The JDK checks the point only once the key is used: find out now, not at the first request.
			Signature.getInstance(ALGORITHM).initVerify(key);
		}
		catch (InvalidKeyException | InvalidKeySpecException ex) {
			throw new IllegalArgumentException("A webhook public key must encode a point of the Ed25519 curve");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is not available", ex);
		}
		return key;
	}

	/**
	 * Reads a private key.
	 * @param encoded {@code whsk_<base64 of the 32-byte seed>}; the prefix may be left out
	 * @return the key
	 * @throws IllegalArgumentException naming what is wrong, never repeating the value
	 */
	static PrivateKey privateKey(String encoded) {
		String value = encoded.trim();
		if (value.startsWith(PUBLIC_PREFIX) || value.startsWith(HmacKeys.PREFIX)) {
			throw new IllegalArgumentException("A webhook private key must be 'whsk_' followed by base64, but this is a "
					+ (value.startsWith(PUBLIC_PREFIX) ? "whpk_ public key" : "whsec_ secret"));
		}
		byte[] seed = decode(value, PRIVATE_PREFIX, "private key");
		try {
			return keyFactory().generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is not available", ex);
		}
		finally {
			Arrays.fill(seed, (byte) 0);
		}
	}

	static byte[] sign(PrivateKey key, byte[] prefix, byte[] body) {
		try {
			Signature signer = Signature.getInstance(ALGORITHM);
			signer.initSign(key);
			signer.update(prefix);
			signer.update(body);
			return signer.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign with " + ALGORITHM, ex);
		}
	}

	static boolean verify(PublicKey key, byte[] prefix, byte[] body, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(key);
			verifier.update(prefix);
			verifier.update(body);
			return verifier.verify(signature);
		}
		catch (SignatureException ex) {
			// A signature that does not even decode (an R off the curve) cannot match.
			return false;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot verify with " + ALGORITHM, ex);
		}
	}

	static WebhookSignature.KeyPair generate() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
			byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
				.orElseThrow(() -> new IllegalStateException("The " + ALGORITHM + " provider hides its private keys"));
			String privateKey = PRIVATE_PREFIX + Base64.getEncoder().encodeToString(seed);
			Arrays.fill(seed, (byte) 0);
			String publicKey = PUBLIC_PREFIX
					+ Base64.getEncoder().encodeToString(raw(((EdECPublicKey) pair.getPublic()).getPoint()));
			return new WebhookSignature.KeyPair(privateKey, publicKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is not available", ex);
		}
	}

	private static byte[] decode(String value, String prefix, String what) {
		String encoded = value.startsWith(prefix) ? value.substring(prefix.length()) : value;
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("A webhook " + what + " must be '" + prefix + "' followed by base64");
		}
		if (raw.length != KEY_BYTES) {
			throw new IllegalArgumentException("A webhook " + what + " must be '" + prefix + "' followed by the base64 of "
					+ KEY_BYTES + " bytes, but it decodes to " + raw.length);
		}
		return raw;
	}

	/** RFC 8032, 5.1.3: y little-endian, the top bit of the last byte the parity of x. */
	private static EdECPoint point(byte[] raw) {
		byte[] bigEndian = new byte[KEY_BYTES];
		for (int i = 0; i < KEY_BYTES; i++) {
			bigEndian[i] = raw[KEY_BYTES - 1 - i];
		}
		boolean xOdd = (bigEndian[0] & 0x80) != 0;
		bigEndian[0] &= 0x7f;
		return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
	}

	private static byte[] raw(EdECPoint point) {
		byte[] bigEndian = point.getY().toByteArray();
		byte[] raw = new byte[KEY_BYTES];
		// toByteArray may add a sign byte or be shorter than 32 bytes: copy from the end.
		for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
			raw[i] = bigEndian[bigEndian.length - 1 - i];
		}
		if (point.isXOdd()) {
			raw[KEY_BYTES - 1] |= (byte) 0x80;
		}
		return raw;
	}

	private static KeyFactory keyFactory() throws GeneralSecurityException {
		return KeyFactory.getInstance(ALGORITHM);
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

}
