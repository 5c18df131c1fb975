package io.unisights.beacon;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.unisights.benchmarks.Beacons;
import io.unisights.benchmarks.ThroughputBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decrypting a beacon's ciphertext against the SHA-256 work the SDK's algorithm requires
 * and nothing else: one digest for the key, one per 32 bytes of keystream, and the HMAC of
 * the ciphertext, on instances made once. It lives in the cipher's package to call the
 * package-private primitive the decoder uses.
 */
@State(Scope.Thread)
public class BeaconCipherBenchmark extends ThroughputBenchmark {

	@Param({ "1", "100" })
	int events;

	private final BeaconCipher cipher = new BeaconCipher(null);

	private final long bucket = BeaconEncoder.bucketOf(Instant.parse("2026-11-23T10:00:00Z"));

	private byte[] ciphertext = new byte[0];

	private byte[] tag = new byte[0];

	private String base64 = "";

	private MessageDigest sha256 = sha256();

	private Mac hmac = hmac();

	@Setup
	public void setUp() throws GeneralSecurityException {
		byte[] plaintext = Beacons.payload(this.events, UUID.fromString("d78f14bf-eabd-4264-9f3f-506ffec20c5f"))
			.getBytes(StandardCharsets.UTF_8);
		byte[] key = this.cipher.key(Beacons.SITE_ID, this.bucket, "");
		this.ciphertext = BeaconCipher.apply(key, plaintext);
		this.tag = BeaconCipher.tag(key, this.ciphertext);
		this.base64 = Base64.getEncoder().encodeToString(this.ciphertext);
		this.sha256 = sha256();
		this.hmac = hmac();
	}

	/** What the decoder does with the ciphertext: derive the key, check the tag, decrypt. */
	@Benchmark
	public byte[] decrypt() {
		byte[] key = this.cipher.key(Beacons.SITE_ID, this.bucket, "");
		if (!BeaconCipher.isAuthentic(key, this.ciphertext, this.tag)) {
			throw new IllegalStateException("not authentic");
		}
		return BeaconCipher.apply(key, this.ciphertext);
	}

	/** The floor: the digests and the HMAC alone, on prepared instances, output discarded. */
	@Benchmark
	public byte[] bareSha256Work() throws GeneralSecurityException {
		MessageDigest digest = this.sha256;
		digest.update(Beacons.SITE_ID.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) ':');
		for (int shift = 56; shift >= 0; shift -= 8) {
			digest.update((byte) (this.bucket >>> shift));
		}
		digest.update((byte) ':');
		byte[] key = digest.digest();
		byte[] block = new byte[36];
		System.arraycopy(key, 0, block, 0, 32);
		byte[] stream = new byte[32];
		for (int i = 0, offset = 0; offset < this.ciphertext.length; i++, offset += 32) {
			block[32] = (byte) (i >>> 24);
			block[33] = (byte) (i >>> 16);
			block[34] = (byte) (i >>> 8);
			block[35] = (byte) i;
			digest.update(block);
			digest.digest(stream, 0, 32);
		}
		this.hmac.init(new SecretKeySpec(key, "HmacSHA256"));
		return this.hmac.doFinal(this.ciphertext);
	}

	/** The base64 the ciphertext arrives in, which decoding pays on top. */
	@Benchmark
	public byte[] base64Decode() {
		return Base64.getDecoder().decode(this.base64);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Mac hmac() {
		try {
			return Mac.getInstance("HmacSHA256");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
