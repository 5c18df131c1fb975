package io.unisights.beacon;

import org.jspecify.annotations.Nullable;

/**
 * A decoded, validated beacon and how it arrived.
 *
 * @param payload the payload
 * @param encrypted whether the body was encrypted
 * @param tag the base64 authentication tag of an encrypted body, unique per ciphertext
 * (useful to spot a replayed capture), or {@code null} for a plain body
 * @param contentDigest a fingerprint of what was received, equal when the same bytes arrive
 * again (a retry or a replayed capture): checksums of a plain body, the tag of an encrypted
 * one; for recognising repeats, not for security
 * @param source the JSON the payload was read from (the body, or the decrypted plaintext),
 * to read it again later with {@link BeaconDecoder#readAgain(BeaconSource)}; a plain body is
 * shared with the array passed to {@link BeaconDecoder#decode(byte[])}, not copied
 */
public record DecodedBeacon(BeaconPayload payload, boolean encrypted, @Nullable String tag, String contentDigest,
		BeaconSource source) {
}
