package io.unisights.ingest;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;

import org.jspecify.annotations.Nullable;

import io.unisights.ingest.WebhookVerificationException.Reason;

/**
 * Signs and verifies requests by the <a href="https://www.standardwebhooks.com/">Standard
 * Webhooks</a> scheme. The signed content is {@code <webhook-id>.<webhook-timestamp>.<body>}
 * over the raw body bytes, signed either way the specification defines:
 * <ul>
 * <li>{@code v1,<base64>}: HMAC-SHA256 under a secret shared by sender and receiver,
 * written {@code whsec_<base64 key>};</li>
 * <li>{@code v1a,<base64>}: Ed25519 (the asymmetric scheme) under a private key
 * {@code whsk_<base64 32-byte seed>} that only the sender holds, verified with its public
 * key {@code whpk_<base64 32-byte key>}, so a receiver's configuration can leak without
 * letting anyone forge requests.</li>
 * </ul>
 * The {@code webhook-signature} header may list several signatures separated by spaces,
 * which is how keys are rotated: the sender signs with the old and the new key (or the
 * receiver lists both), and any match is accepted. Keys are told apart by their prefix,
 * as the specification intends: {@link #of(String...)} takes any mix.
 * <p>
 * Verification compares HMACs in constant time, refuses timestamps further than the
 * tolerance from the receiver's clock (so a captured request cannot be replayed later),
 * tries at most {@value #MAX_V1A_CANDIDATES} {@code v1a} signatures of a header (each
 * Ed25519 check costs far more than an HMAC), and never reveals a secret, a private key or
 * an expected signature in an exception or {@link #toString()}. Instances are immutable
 * and thread-safe; the Ed25519 work is the JDK's own ({@code java.security}, Java 15+).
 */
public final class WebhookSignature {

	/** Header carrying the message id, the same on every retry of a message. */
	public static final String ID_HEADER = "webhook-id";

	/** Header carrying the send time of the attempt, in seconds since the epoch. */
	public static final String TIMESTAMP_HEADER = "webhook-timestamp";

	/** Header carrying the space-separated list of {@code v1,<base64>} and {@code v1a,<base64>} signatures. */
	public static final String SIGNATURE_HEADER = "webhook-signature";

	/** Prefix of secrets written in the Standard Webhooks form. */
	public static final String SECRET_PREFIX = HmacKeys.PREFIX;

	/** Prefix of Ed25519 public keys written in the Standard Webhooks form. */
	public static final String PUBLIC_KEY_PREFIX = Ed25519Keys.PUBLIC_PREFIX;

	/** Prefix of Ed25519 private keys written in the Standard Webhooks form. */
	public static final String PRIVATE_KEY_PREFIX = Ed25519Keys.PRIVATE_PREFIX;

	/** The tolerance Standard Webhooks recommends. */
	public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

	/**
	 * Most {@code v1a} signatures of one header that are checked: a sender signs with one
	 * key, two while rotating. Each check costs about a millisecond of CPU on Java 17 (a
	 * thousand HMACs), and is made against every public key, so a longer list would only
	 * let an unauthenticated request spend more of the receiver's CPU.
	 */
	public static final int MAX_V1A_CANDIDATES = 2;

	static final String HMAC_VERSION = "v1,";

	static final String ED25519_VERSION = "v1a,";

	private final List<Mac> prototypes;

	private final List<PublicKey> publicKeys;

	private final @Nullable PrivateKey privateKey;

	private final Duration tolerance;

	private final Clock clock;

	private WebhookSignature(Builder builder) {
		this.prototypes = List.copyOf(builder.prototypes);
		this.publicKeys = List.copyOf(builder.publicKeys);
		this.privateKey = builder.privateKey;
		this.tolerance = builder.tolerance;
		this.clock = builder.clock;
	}

	/**
	 * Creates a signer and verifier for the given keys with the default tolerance, telling
	 * them apart by prefix: {@code whsk_} is a private key (it signs {@code v1a}),
	 * {@code whpk_} a public key (it verifies {@code v1a}), anything else a secret
	 * ({@code whsec_<base64>} or bare base64; it signs and verifies {@code v1}).
	 * @param keys one or more secrets and keys, at most one private key; the secrets sign
	 * in the order given
	 * @return the instance
	 * @throws IllegalArgumentException if nothing is given or a key is malformed or short
	 */
	public static WebhookSignature of(String... keys) {
		Builder builder = builder();
		for (String key : keys) {
			String value = key.trim();
			if (value.startsWith(PRIVATE_KEY_PREFIX)) {
				builder.privateKey(value);
			}
			else if (value.startsWith(PUBLIC_KEY_PREFIX)) {
				builder.publicKey(value);
			}
			else {
				builder.secret(value);
			}
		}
		return builder.build();
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
	 * Generates a new Ed25519 key pair in the {@code whsk_}/{@code whpk_} form.
	 * @return the pair: the private key stays with the sender, the public key goes to
	 * every receiver
	 */
	public static KeyPair generateKeyPair() {
		return Ed25519Keys.generate();
	}

	/**
	 * Signs a message with every configured secret and the private key, if any.
	 * @param messageId the {@code webhook-id}
	 * @param timestampSeconds the {@code webhook-timestamp}
	 * @param body the exact body bytes that will be sent
	 * @return the value of the {@code webhook-signature} header: a {@code v1} signature
	 * per secret, then the {@code v1a} one
	 * @throws IllegalStateException if neither a secret nor a private key is configured
	 * ({@link #canSign()})
	 */
	public String sign(String messageId, long timestampSeconds, byte[] body) {
		if (!canSign()) {
			throw new IllegalStateException("Nothing to sign with: configure a whsec_ secret or a whsk_ private key");
		}
		byte[] prefix = signedPrefix(messageId, Long.toString(timestampSeconds));
		StringBuilder header = new StringBuilder();
		for (Mac prototype : this.prototypes) {
			append(header, HMAC_VERSION, HmacKeys.mac(prototype, prefix, body));
		}
		if (this.privateKey != null) {
			append(header, ED25519_VERSION, Ed25519Keys.sign(this.privateKey, prefix, body));
		}
		return header.toString();
	}

	/**
	 * Verifies a request's headers against its raw body: any {@code v1} signature that
	 * matches a secret, or any {@code v1a} signature that a public key verifies, passes.
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
		WebhookTimestamp.check(timestamp, this.clock, this.tolerance);
		SignatureCandidates candidates = SignatureCandidates.of(signatures);
		byte[] prefix = signedPrefix(messageId, timestamp);
		if (candidates.anyHmacMatches(this.prototypes, prefix, body)
				|| candidates.anyEd25519Verifies(this.publicKeys, prefix, body)) {
			return;
		}
		throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE, "No " + accepted());
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
	 * @return the count; zero when only Ed25519 keys are
	 */
	public int secretCount() {
		return this.prototypes.size();
	}

	/**
	 * How many Ed25519 public keys verify {@code v1a} signatures.
	 * @return the count, possibly zero
	 */
	public int publicKeyCount() {
		return this.publicKeys.size();
	}

	/**
	 * Whether {@link #sign} can sign: a secret or a private key is configured.
	 * @return whether this instance signs
	 */
	public boolean canSign() {
		return !this.prototypes.isEmpty() || this.privateKey != null;
	}

	@Override
	public String toString() {
		return "WebhookSignature[secrets=" + this.prototypes.size() + ", publicKeys=" + this.publicKeys.size()
				+ ", privateKey=" + ((this.privateKey != null) ? "set" : "none") + ", tolerance=" + this.tolerance + "]";
	}

	/** Which signatures and keys a request could have matched, for the refusal. */
	private String accepted() {
		if (this.publicKeys.isEmpty()) {
			return "v1 signature in the " + SIGNATURE_HEADER + " header matches the body under any configured secret";
		}
		return (this.prototypes.isEmpty() ? "v1a signature" : "v1 or v1a signature") + " in the " + SIGNATURE_HEADER
				+ " header matches the body under any configured "
				+ (this.prototypes.isEmpty() ? "public key" : "secret or public key");
	}

	private static void append(StringBuilder header, String version, byte[] signature) {
		if (header.length() > 0) {
			header.append(' ');
		}
		header.append(version).append(Base64.getEncoder().encodeToString(signature));
	}

	private static void requireHeader(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new WebhookVerificationException(Reason.MISSING_HEADER, "The " + name + " header is required");
		}
	}

	private static byte[] signedPrefix(String messageId, String timestamp) {
		return (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * An Ed25519 key pair in the Standard Webhooks form, as made by
	 * {@link WebhookSignature#generateKeyPair()}.
	 *
	 * @param privateKey {@code whsk_<base64>}: the sender signs with it; keep it secret
	 * @param publicKey {@code whpk_<base64>}: receivers verify with it; it may be shared
	 */
	public record KeyPair(String privateKey, String publicKey) {

		@Override
		public String toString() {
			// The private key must never reach a log line.
			return "KeyPair[privateKey=******, publicKey=" + this.publicKey + "]";
		}

	}

	/**
	 * Builds a {@link WebhookSignature}, validating every secret and key as it is added.
	 */
	public static final class Builder {

		private final List<Mac> prototypes = new ArrayList<>();

		private final List<PublicKey> publicKeys = new ArrayList<>();

		private @Nullable PrivateKey privateKey;

		private Duration tolerance = DEFAULT_TOLERANCE;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * Adds a secret. Every secret signs (in the order added) and verifies.
		 * @param secret a secret, {@code whsec_<base64>}
		 * @return this builder
		 * @throws IllegalArgumentException if the secret is malformed or shorter than 16 bytes
		 */
		public Builder secret(String secret) {
			this.prototypes.add(HmacKeys.keyed(secret));
			return this;
		}

		/**
		 * Adds secrets, in order.
		 * @param secrets the secrets
		 * @return this builder
		 * @throws IllegalArgumentException if a secret is malformed or shorter than 16 bytes
		 */
		public Builder secrets(List<String> secrets) {
			secrets.forEach(this::secret);
			return this;
		}

		/**
		 * Adds an Ed25519 public key that verifies {@code v1a} signatures.
		 * @param publicKey {@code whpk_<base64 of the raw 32-byte key>}
		 * @return this builder
		 * @throws IllegalArgumentException if the key is malformed, not 32 bytes, not a
		 * curve point, of small order, or a private key or secret
		 */
		public Builder publicKey(String publicKey) {
			this.publicKeys.add(Ed25519Keys.publicKey(publicKey));
			return this;
		}

		/**
		 * Adds Ed25519 public keys, such as the old and the new key while a sender rotates.
		 * @param publicKeys the keys, {@code whpk_<base64>}
		 * @return this builder
		 * @throws IllegalArgumentException if a key is malformed
		 */
		public Builder publicKeys(List<String> publicKeys) {
			publicKeys.forEach(this::publicKey);
			return this;
		}

		/**
		 * Sets the Ed25519 private key that signs {@code v1a}, beside any secrets.
		 * @param privateKey {@code whsk_<base64 of the 32-byte seed>}
		 * @return this builder
		 * @throws IllegalArgumentException if the key is malformed or not 32 bytes, or one
		 * was set already
		 */
		public Builder privateKey(String privateKey) {
			if (this.privateKey != null) {
				throw new IllegalArgumentException("At most one webhook private key signs");
			}
			this.privateKey = Ed25519Keys.privateKey(privateKey);
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
		 * @throws IllegalArgumentException if no secret, public key or private key was given
		 */
		public WebhookSignature build() {
			if (this.prototypes.isEmpty() && this.publicKeys.isEmpty() && this.privateKey == null) {
				throw new IllegalArgumentException("At least one webhook secret or key is required");
			}
			return new WebhookSignature(this);
		}

	}

}
