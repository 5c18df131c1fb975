package io.unisights.beacon;

import java.util.zip.Adler32;
import java.util.zip.CRC32C;

/**
 * A fast fingerprint of received bytes, to recognise the same bytes arriving again.
 * <p>
 * Not a cryptographic digest, on purpose: a plain beacon is unauthenticated, so anyone who
 * could make another beacon look like a repeat could as well send the same bytes, and a
 * cryptographic hash would buy nothing but cost (SHA-256 over a 100-event body took more
 * time than mapping it to records). CRC32C and Adler32, both computed by the JDK with CPU
 * instructions where available, plus the length give 96 bits against accidental clashes.
 */
final class ContentFingerprint {

	private ContentFingerprint() {
	}

	static String of(byte[] data) {
		CRC32C crc = new CRC32C();
		crc.update(data);
		Adler32 adler = new Adler32();
		adler.update(data);
		return Long.toHexString(crc.getValue()) + '-' + Long.toHexString(adler.getValue()) + '-'
				+ Integer.toHexString(data.length);
	}

}
