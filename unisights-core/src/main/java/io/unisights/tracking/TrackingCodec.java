package io.unisights.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.tracking.TrackingToken.Kind;
import io.unisights.tracking.TrackingTokenException.Reason;

/**
 * Mints and verifies the stateless tokens of tracking links. Every native token is signed
 * with HMAC-SHA256 (truncated to 128 bits) under the first configured key and carries that
 * key's id; all configured keys verify, so keys can be rotated by putting a new one first
 * and removing the old one once its links no longer matter. Tokens can also be encrypted
 * with AES-256-GCM so that recipients cannot read the metadata; either way nobody without
 * a key can forge or alter one.
 * <p>
 * The codec can also read links minted by pytracking 0.2 (Fernet-encrypted, and, only if
 * explicitly allowed, unsigned). Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * TrackingCodec codec = TrackingCodec.builder().keys(List.of(secret)).ttl(Duration.ofDays(90)).build();
 * String token = codec.encodeClick("https://shop.example.com/sale", metadata);
 * TrackingToken verified = codec.decode(token, TrackingToken.Kind.CLICK);
 * }</pre>
 */
public final class TrackingCodec {

	/** Shortest secret accepted, in UTF-8 bytes: shorter ones can be guessed offline. */
	public static final int MIN_SECRET_LENGTH = 16;

	/** Longest token read; longer input is refused before any work is done. */
	private static final int MAX_TOKEN_LENGTH = 16 * 1024;

	private final List<SigningKey> keys;

	private final boolean encrypt;

	private final TokenEncoding encoding;

	/**
	 * Longest ttl: 50 years, so that links minted for decades still carry their expiry in the
	 * token's 32-bit seconds (which end in 2106).
	 */
	static final Duration MAX_TTL = Duration.ofDays(365L * 50);

	private final @Nullable Duration ttl;

	private final Clock clock;

	private final PytrackingTokens pytracking;

	private TrackingCodec(Builder builder) {
		this.keys = builder.keys.stream().map(SigningKey::derive).toList();
		this.encrypt = builder.encrypt;
		this.encoding = builder.encoding;
		this.ttl = builder.ttl;
		this.clock = builder.clock;
		this.pytracking = new PytrackingTokens(builder.pytrackingFernetKeys, builder.acceptUnsignedPytracking,
				builder.clock);
	}

	/**
	 * Starts a codec.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Mints the token of an open pixel.
	 * @param metadata what the open should report, such as a message or recipient id
	 * @return the token, URL-safe
	 * @throws IllegalStateException if the codec has no key (it only reads pytracking links)
	 */
	public String encodeOpen(ObjectNode metadata) {
		return encode(Kind.OPEN, null, metadata);
	}

	/**
	 * Mints the token of a click redirect.
	 * @param targetUrl absolute {@code http} or {@code https} URL to redirect to
	 * @param metadata what the click should report
	 * @return the token, URL-safe
	 * @throws IllegalArgumentException if the target is not an absolute http(s) URL
	 * @throws IllegalStateException if the codec has no key
	 */
	public String encodeClick(String targetUrl, ObjectNode metadata) {
		try {
			checkTarget(targetUrl);
		}
		catch (TrackingTokenException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		return encode(Kind.CLICK, targetUrl, metadata);
	}

	private String encode(Kind kind, @Nullable String targetUrl, ObjectNode metadata) {
		if (this.keys.isEmpty()) {
			throw new IllegalStateException("No tracking key is configured: native links cannot be minted");
		}
		Instant issuedAt = this.clock.instant();
		Instant expiresAt = (this.ttl != null) ? issuedAt.plus(this.ttl) : null;
		byte[] json = TrackingJson.MAPPER.writeValueAsBytes(metadata);
		return NativeTokens.encode(this.keys.get(0), kind, targetUrl, json, issuedAt, expiresAt, this.encrypt,
				this.encoding);
	}

	/**
	 * Verifies a token and recovers what it carries. Native tokens are recognised by their
	 * first character; anything else is read as a pytracking link if the codec is set up
	 * for them.
	 * @param token the token, as taken from the link's last path segment
	 * @param kind the kind the endpoint serves; a token of the other kind is refused
	 * @return the verified content
	 * @throws TrackingTokenException if the token is refused, with the reason
	 */
	public TrackingToken decode(String token, Kind kind) {
		Objects.requireNonNull(kind, "kind");
		if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw new TrackingTokenException(Reason.MALFORMED, "Token is empty or too long");
		}
		TrackingToken decoded;
		if (NativeTokens.looksNative(token)) {
			if (this.keys.isEmpty()) {
				throw new TrackingTokenException(Reason.UNKNOWN_KEY, "No tracking key is configured");
			}
			decoded = NativeTokens.decode(token, this.keys, this.clock.instant());
			if (decoded.kind() != kind) {
				throw new TrackingTokenException(Reason.WRONG_KIND,
						"A " + decoded.kind().name().toLowerCase(Locale.ROOT) + " token cannot be used as a "
								+ kind.name().toLowerCase(Locale.ROOT) + " link");
			}
		}
		else {
			decoded = this.pytracking.decode(token, kind);
		}
		if (decoded.targetUrl() != null) {
			checkTarget(decoded.targetUrl());
		}
		return decoded;
	}

	/**
	 * Checks a click target as minting and decoding do: anything but an absolute http(s)
	 * URL with a host is refused, so that a link can never redirect to {@code javascript:},
	 * {@code data:} or a scheme-relative address.
	 * @param targetUrl the target as it would be signed
	 * @return the target, parsed
	 * @throws TrackingTokenException with {@link Reason#DISALLOWED_TARGET} when it is refused
	 */
	public static URI checkTarget(String targetUrl) {
		URI uri;
		try {
			uri = new URI(targetUrl);
		}
		catch (URISyntaxException ex) {
			throw new TrackingTokenException(Reason.DISALLOWED_TARGET, "url", "Target URL is not a valid URI", ex);
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new TrackingTokenException(Reason.DISALLOWED_TARGET, "url",
					"Target URL must be absolute http or https", null);
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new TrackingTokenException(Reason.DISALLOWED_TARGET, "url", "Target URL has no host", null);
		}
		return uri;
	}

	/**
	 * Whether the codec can mint native links (at least one key is configured).
	 * @return whether a key is configured
	 */
	public boolean canMint() {
		return !this.keys.isEmpty();
	}

	/** Configures a {@link TrackingCodec}; validates everything in {@link #build()}. */
	public static final class Builder {

		private List<String> keys = List.of();

		private boolean encrypt;

		private TokenEncoding encoding = TokenEncoding.BASE64URL;

		private @Nullable Duration ttl;

		private Clock clock = Clock.systemUTC();

		private List<String> pytrackingFernetKeys = List.of();

		private boolean acceptUnsignedPytracking;

		private Builder() {
		}

		/**
		 * Sets the secrets: the first signs new tokens, all verify. Each must be at least
		 * {@value TrackingCodec#MIN_SECRET_LENGTH} bytes; use a long random string.
		 * @param secrets the secrets, newest first
		 * @return this builder
		 */
		public Builder keys(List<String> secrets) {
			this.keys = List.copyOf(secrets);
			return this;
		}

		/**
		 * Sets whether new tokens are encrypted so that recipients cannot read the metadata
		 * (28 bytes, about 38 characters, longer). Encrypted tokens are read whatever this says.
		 * @param encrypt whether to encrypt
		 * @return this builder
		 */
		public Builder encrypt(boolean encrypt) {
			this.encrypt = encrypt;
			return this;
		}

		/**
		 * Sets the alphabet of new tokens; both are always read.
		 * @param encoding the encoding, {@link TokenEncoding#BASE64URL} by default
		 * @return this builder
		 */
		public Builder encoding(TokenEncoding encoding) {
			this.encoding = Objects.requireNonNull(encoding, "encoding");
			return this;
		}

		/**
		 * Sets how long new tokens are accepted after minting.
		 * @param ttl the lifetime, or {@code null} (the default) for no expiry
		 * @return this builder
		 */
		public Builder ttl(@Nullable Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		/**
		 * Sets the clock that stamps and checks tokens.
		 * @param clock the clock, {@link Clock#systemUTC()} by default
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Sets the Fernet keys of pytracking links to read (url-safe base64, as
		 * {@code Fernet.generate_key()} prints them); empty means Fernet links are refused.
		 * @param fernetKeys the keys
		 * @return this builder
		 */
		public Builder pytrackingFernetKeys(List<String> fernetKeys) {
			this.pytrackingFernetKeys = List.copyOf(fernetKeys);
			return this;
		}

		/**
		 * Sets whether unsigned pytracking links (plain base64 JSON) are read. Anyone can
		 * forge them, including their redirect target: switch on only while migrating,
		 * together with an allow-list of redirect hosts.
		 * @param accept whether to read them; {@code false} by default
		 * @return this builder
		 */
		public Builder acceptUnsignedPytracking(boolean accept) {
			this.acceptUnsignedPytracking = accept;
			return this;
		}

		/**
		 * Builds the codec.
		 * @return the codec
		 * @throws IllegalArgumentException if a secret is too short or repeated, the ttl is
		 * not positive or longer than 50 years, a Fernet key is invalid, or nothing at all can be
		 * read
		 */
		public TrackingCodec build() {
			List<String> seen = new ArrayList<>();
			for (int i = 0; i < this.keys.size(); i++) {
				String key = this.keys.get(i);
				if (key.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_LENGTH) {
					throw new IllegalArgumentException("Tracking key [" + i + "] is shorter than " + MIN_SECRET_LENGTH
							+ " bytes; use a long random secret");
				}
				if (seen.contains(key)) {
					throw new IllegalArgumentException("Tracking key [" + i + "] repeats an earlier key");
				}
				seen.add(key);
			}
			if (this.ttl != null && (this.ttl.isNegative() || this.ttl.isZero())) {
				throw new IllegalArgumentException("Tracking ttl must be positive but was " + this.ttl);
			}
			// A token carries its expiry as unsigned 32-bit seconds: refused here rather than
			// at the first link minted.
			if (this.ttl != null && this.ttl.compareTo(MAX_TTL) > 0) {
				throw new IllegalArgumentException(
						"Tracking ttl must be at most " + MAX_TTL.toDays() + " days but was " + this.ttl);
			}
			if (this.encrypt && this.keys.isEmpty()) {
				throw new IllegalArgumentException("Encryption needs a tracking key");
			}
			if (this.keys.isEmpty() && this.pytrackingFernetKeys.isEmpty() && !this.acceptUnsignedPytracking) {
				throw new IllegalArgumentException(
						"No tracking key is configured: set at least one key (or a pytracking Fernet key)");
			}
			return new TrackingCodec(this);
		}

	}

}
