package io.unisights.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import io.unisights.ingest.WebhookVerificationException.Reason;

/**
 * Signs and verifies requests by the <a href="https://www.standardwebhooks.com/">Standard
 * Webhooks</a> scheme. The signed content is {@code <webhook-id>.<webhook-timestamp>.<body>}
 * over the raw body bytes; the signature is HMAC-SHA256 under a secret written
 * {@code whsec_<base64 key>}, sent as {@code v1,<base64 signature>}. The
 * {@code webhook-signature} header may list several signatures separated by spaces, which
 * is how secrets are rotated: the sender signs with the old and the new secret, the
 * receiver accepts any match.
 * <p>
 * Verification compares in constant time, refuses timestamps further than the tolerance
 * from the receiver's clock (so a captured request cannot be replayed later), and never
 * reveals a secret or an expected signature in an exception or {@link #toString()}.
 * Instances are immutable and thread-safe.
 */
public final class WebhookSignature {

	/** Header carrying the message id, the same on every retry of a message. */
	public static final String ID_HEADER = "webhook-id";

	/** Header carrying the send time of the attempt, in seconds since the epoch. */
	public static final String TIMESTAMP_HEADER = "webhook-timestamp";

	/** Header carrying the space-separated list of {@code v1,<base64>} signatures. */
	public static final String SIGNATURE_HEADER = "webhook-signature";

	/** Prefix of secrets written in the Standard Webhooks form. */
	public static final String SECRET_PREFIX = "whsec_";

	/** The tolerance Standard Webhooks recommends. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	private static final String ALGORITHM = "HmacSHA256";

	private static final int MIN_KEY_BYTES = 16;

	private static final String VERSION_PREFIX = "v1,";

	private final List<Mac> prototypes;

	private final Duration tolerance;

	private final Clock clock;

	private WebhookSignature(List<Mac> prototypes, Duration tolerance, Clock clock) {
		this.prototypes = prototypes;
		this.tolerance = tolerance;
		this.clock = clock;
	}

	/**
	 * Creates a signer and verifier for the given secrets with the default tolerance.
	 * @param secrets one or more secrets, {@code whsec_<base64>}; the first signs
	 * @return the instance
	 * @throws IllegalArgumentException if no secret is given or one is malformed or short
	 */
	public static WebhookSignature of(String... secrets) {
		return builder().secrets(List.of(secrets)).build();
	}

	/**
	 * Starts building an instance.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Generates a new random secret in the {@code whsec_} form (32 random bytes).
	 * @return the secret, to be shared with the sender over a secure channel
	 */
	public static String generateSecret() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/**
	 * Signs a message with every configured secret.
	 * @param messageId the {@code webhook-id}
	 * @param timestampSeconds the {@code webhook-timestamp}
	 * @param body the exact body bytes that will be sent
	 * @return the value of the {@code webhook-signature} header
	 */
	public String sign(String messageId, long timestampSeconds, byte[] body) {
		byte[] prefix = signedPrefix(messageId, Long.toString(timestampSeconds));
		StringBuilder header = new StringBuilder();
		for (Mac prototype : this.prototypes) {
			if (header.length() > 0) {
				header.append(' ');
			}
			header.append(VERSION_PREFIX).append(Base64.getEncoder().encodeToString(mac(prototype, prefix, body)));
		}
		return header.toString();
	}

	/**
	 * Verifies a request's headers against its raw body.
	 * @param messageId the {@code webhook-id} header, or {@code null} if absent
	 * @param timestamp the {@code webhook-timestamp} header, or {@code null} if absent
	 * @param signatures the {@code webhook-signature} header, or {@code null} if absent
	 * @param body the raw body bytes as received
	 * @throws WebhookVerificationException if the request is not authentic or not fresh
	 */
	public void verify(@Nullable String messageId, @Nullable String timestamp, @Nullable String signatures,
			byte[] body) {
		requireHeader(messageId, ID_HEADER);
		requireHeader(timestamp, TIMESTAMP_HEADER);
		requireHeader(signatures, SIGNATURE_HEADER);
		checkTimestamp(timestamp);
		List<byte[]> candidates = candidates(signatures);
		if (!candidates.isEmpty()) {
			byte[] prefix = signedPrefix(messageId, timestamp);
			for (Mac prototype : this.prototypes) {
				byte[] expected = mac(prototype, prefix, body);
				for (byte[] candidate : candidates) {
					if (MessageDigest.isEqual(expected, candidate)) {
						return;
					}
				}
			}
		}
		throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE,
				"No v1 signature in the " + SIGNATURE_HEADER + " header matches the body under any configured secret");
	}

	/**
	 * The largest difference between a request's timestamp and the receiver's clock that
	 * is accepted.
	 * @return the tolerance
	 */
	public Duration tolerance() {
		return this.tolerance;
	}

	/**
	 * How many secrets are configured.
	 * @return the count, at least one
	 */
	public int secretCount() {
		return this.prototypes.size();
	}

	@Override
	public String toString() {
		return "WebhookSignature[secrets=" + this.prototypes.size() + ", tolerance=" + this.tolerance + "]";
	}

	private static void requireHeader(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new WebhookVerificationException(Reason.MISSING_HEADER, "The " + name + " header is required");
		}
	}

	private void checkTimestamp(String timestamp) {
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException ex) {
			throw new WebhookVerificationException(Reason.MALFORMED_TIMESTAMP,
					"The " + TIMESTAMP_HEADER + " header must be whole seconds since the epoch");
		}
		long now = this.clock.instant().getEpochSecond();
		long difference;
		try {
			difference = Math.abs(Math.subtractExact(now, seconds));
		}
		catch (ArithmeticException ex) {
			// A timestamp some 292 billion years away: out of any tolerance.
			difference = Long.MAX_VALUE;
		}
		if (difference < 0 || difference > this.tolerance.toSeconds()) {
			throw new WebhookVerificationException(Reason.TIMESTAMP_OUT_OF_TOLERANCE,
					"The " + TIMESTAMP_HEADER + " header is " + ((difference < 0) ? Long.MAX_VALUE : difference)
							+ "s from the receiver's clock; at most " + this.tolerance.toSeconds() + "s is accepted");
		}
	}

	private static List<byte[]> candidates(String header) {
		List<byte[]> candidates = new ArrayList<>(2);
		for (String part : header.trim().split(" +")) {
			if (part.startsWith(VERSION_PREFIX)) {
				try {
					candidates.add(Base64.getDecoder().decode(part.substring(VERSION_PREFIX.length())));
				}
				catch (IllegalArgumentException ex) {
					// A malformed entry cannot match; others in the list still may.
				}
			}
		}
		return candidates;
	}

	private static byte[] signedPrefix(String messageId, String timestamp) {
		return (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] mac(Mac prototype, byte[] prefix, byte[] body) {
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

	private static Mac keyed(String secret) {
		String encoded = secret.trim();
		if (encoded.startsWith(SECRET_PREFIX)) {
			encoded = encoded.substring(SECRET_PREFIX.length());
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

	/**
	 * Builds a {@link WebhookSignature}, validating every secret up front.
	 */
	public static final class Builder {

		private final List<String> secrets = new ArrayList<>();

		private Duration tolerance = DEFAULT_TOLERANCE;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Adds a secret. The first one added signs; all of them verify.
		 * @param secret a secret, {@code whsec_<base64>}
		 * @return this builder
		 */
		public Builder secret(String secret) {
			this.secrets.add(secret);
			return this;
		}

		/**
		 * Adds secrets, in order.
		 * @param secrets the secrets
		 * @return this builder
		 */
		public Builder secrets(List<String> secrets) {
			this.secrets.addAll(secrets);
			return this;
		}

		/**
		 * Sets how far a request's timestamp may be from the receiver's clock, either way.
		 * @param tolerance the tolerance, default five minutes
		 * @return this builder
		 */
		public Builder tolerance(Duration tolerance) {
			if (tolerance.isNegative()) {
				throw new IllegalArgumentException("tolerance must not be negative");
			}
			this.tolerance = tolerance;
			return this;
		}

		/**
		 * Sets the clock that timestamps are checked against.
		 * @param clock the clock, default the system clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Builds the instance.
		 * @return the instance
		 * @throws IllegalArgumentException if no secret was given or one is malformed
		 */
		public WebhookSignature build() {
			if (this.secrets.isEmpty()) {
				throw new IllegalArgumentException("At least one webhook secret is required");
			}
			List<Mac> prototypes = new ArrayList<>(this.secrets.size());
			for (String secret : this.secrets) {
				prototypes.add(keyed(secret));
			}
			return new WebhookSignature(List.copyOf(prototypes), this.tolerance, this.clock);
		}

	}

}
