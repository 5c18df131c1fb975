package io.unisights.tracking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.tracking.TrackingToken.Format;
import io.unisights.tracking.TrackingToken.Kind;
import io.unisights.tracking.TrackingTokenException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TrackingCodecTests {

	static final String KEY = "k1-0123456789abcdef-secret";

	static final String OTHER_KEY = "k2-fedcba9876543210-secret";

	static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

	static final String TARGET = "https://www.example.com/landing?query=value&ref=540529&q=%C3%BCber#top";

	final ObjectNode metadata = metadata();

	static ObjectNode metadata() {
		ObjectNode metadata = TrackingJson.MAPPER.createObjectNode();
		metadata.put("message_id", "m-42").put("customer_id", 540529).put("name", "Zoë Ångström");
		metadata.putArray("tags").add("a").add("b");
		return metadata;
	}

	static TrackingCodec.Builder codec(String... keys) {
		return TrackingCodec.builder().keys(List.of(keys)).clock(Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void roundTripsASignedOpenToken() {
		TrackingCodec codec = codec(KEY).build();

		String token = codec.encodeOpen(this.metadata);
		TrackingToken decoded = codec.decode(token, Kind.OPEN);

		assertThat(token).startsWith("A").matches("[A-Za-z0-9_-]+");
		assertThat(decoded.kind()).isEqualTo(Kind.OPEN);
		assertThat(decoded.metadata()).isEqualTo(this.metadata);
		assertThat(decoded.targetUrl()).isNull();
		assertThat(decoded.issuedAt()).isEqualTo(NOW);
		assertThat(decoded.expiresAt()).isNull();
		assertThat(decoded.keyId()).hasSize(8);
		assertThat(decoded.format()).isEqualTo(Format.NATIVE);
		assertThat(decoded.webhookUrl()).isNull();
	}

	@Test
	void roundTripsASignedClickTokenWithItsExactTarget() {
		TrackingCodec codec = codec(KEY).build();

		TrackingToken decoded = codec.decode(codec.encodeClick(TARGET, this.metadata), Kind.CLICK);

		assertThat(decoded.kind()).isEqualTo(Kind.CLICK);
		assertThat(decoded.targetUrl()).isEqualTo(TARGET);
		assertThat(decoded.metadata()).isEqualTo(this.metadata);
	}

	@Test
	void roundTripsATargetLongerThanOneVarintByte() {
		TrackingCodec codec = codec(KEY).build();
		String target = "https://example.com/" + "p".repeat(300);

		assertThat(codec.decode(codec.encodeClick(target, this.metadata), Kind.CLICK).targetUrl()).isEqualTo(target);
	}

	@Test
	void signedTokensAreShorterThanBase64OfThePayloadPlusOverhead() {
		TrackingCodec codec = codec(KEY).build();
		ObjectNode small = TrackingJson.MAPPER.createObjectNode().put("id", 7);

		// 10 header bytes + {"id":7} + 16 MAC bytes = 34 bytes -> 46 base64 characters
		assertThat(codec.encodeOpen(small)).hasSize(46);
	}

	@Test
	void encryptedTokensRoundTripAndHideTheMetadata() {
		TrackingCodec codec = codec(KEY).encrypt(true).build();

		String token = codec.encodeClick(TARGET, this.metadata);
		byte[] raw = Base64.getUrlDecoder().decode(token);

		assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("m-42")
			.doesNotContain("540529")
			.doesNotContain("example.com");
		TrackingToken decoded = codec.decode(token, Kind.CLICK);
		assertThat(decoded.metadata()).isEqualTo(this.metadata);
		assertThat(decoded.targetUrl()).isEqualTo(TARGET);
	}

	@Test
	void encryptedTokensAreReadWhenEncryptionIsLaterSwitchedOff() {
		String token = codec(KEY).encrypt(true).build().encodeOpen(this.metadata);

		assertThat(codec(KEY).build().decode(token, Kind.OPEN).metadata()).isEqualTo(this.metadata);
	}

	@Test
	void encryptingTheSameContentTwiceGivesDifferentTokens() {
		TrackingCodec codec = codec(KEY).encrypt(true).build();

		assertThat(codec.encodeOpen(this.metadata)).isNotEqualTo(codec.encodeOpen(this.metadata));
	}

	@Test
	void base32TokensAreLowerCaseAndSurviveCaseChanges() {
		TrackingCodec codec = codec(KEY).encoding(TokenEncoding.BASE32).build();

		String token = codec.encodeClick(TARGET, this.metadata);

		assertThat(token).startsWith("q").matches("[a-z2-7]+");
		assertThat(codec.decode(token, Kind.CLICK).targetUrl()).isEqualTo(TARGET);
		assertThat(codec.decode(token.toUpperCase(Locale.ROOT), Kind.CLICK).metadata()).isEqualTo(this.metadata);
	}

	@Test
	void base32AndEncryptionCombine() {
		TrackingCodec codec = codec(KEY).encoding(TokenEncoding.BASE32).encrypt(true).build();

		String token = codec.encodeOpen(this.metadata);

		assertThat(codec(KEY).build().decode(token.toUpperCase(Locale.ROOT), Kind.OPEN).metadata())
			.isEqualTo(this.metadata);
	}

	@Test
	void aBase64TokenRelabelledAsBase32IsRefused() {
		TrackingCodec codec = codec(KEY).build();
		byte[] raw = Base64.getUrlDecoder().decode(codec.encodeOpen(this.metadata));
		raw[0] = NativeTokens.VERSION_BASE32;

		assertRefused(codec, Base32.encode(raw), Kind.OPEN, Reason.BAD_SIGNATURE);
	}

	@Test
	void afterRotationTheNewKeySignsAndTheOldKeyStillVerifies() {
		TrackingCodec before = codec(KEY).build();
		TrackingCodec after = codec(OTHER_KEY, KEY).build();
		String old = before.encodeOpen(this.metadata);

		String fresh = after.encodeOpen(this.metadata);

		TrackingToken oldDecoded = after.decode(old, Kind.OPEN);
		TrackingToken freshDecoded = after.decode(fresh, Kind.OPEN);
		assertThat(oldDecoded.metadata()).isEqualTo(this.metadata);
		assertThat(freshDecoded.keyId()).isNotEqualTo(oldDecoded.keyId());
		assertThat(before.decode(old, Kind.OPEN).keyId()).isEqualTo(oldDecoded.keyId());
		assertRefused(before, fresh, Kind.OPEN, Reason.UNKNOWN_KEY);
	}

	@Test
	void refusesATokenOnceExpired() {
		String token = codec(KEY).ttl(Duration.ofDays(30)).build().encodeOpen(this.metadata);
		TrackingCodec later = TrackingCodec.builder()
			.keys(List.of(KEY))
			.clock(Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC))
			.build();

		assertThat(codec(KEY).build().decode(token, Kind.OPEN).expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(30)));
		assertRefused(later, token, Kind.OPEN, Reason.EXPIRED);
	}

	@Test
	void acceptsATokenJustBeforeItsExpiry() {
		String token = codec(KEY).ttl(Duration.ofDays(30)).build().encodeOpen(this.metadata);
		TrackingCodec later = TrackingCodec.builder()
			.keys(List.of(KEY))
			.clock(Clock.fixed(NOW.plus(Duration.ofDays(30)).minusSeconds(1), ZoneOffset.UTC))
			.build();

		assertThat(later.decode(token, Kind.OPEN).metadata()).isEqualTo(this.metadata);
	}

	@Test
	void refusesATokenForgedWithAnotherKey() {
		String forged = codec(OTHER_KEY).build().encodeClick("https://evil.example/", this.metadata);

		assertRefused(codec(KEY).build(), forged, Kind.CLICK, Reason.UNKNOWN_KEY);
	}

	@Test
	void refusesAForgedTokenThatCopiesTheKeyId() {
		TrackingCodec codec = codec(KEY).build();
		byte[] genuine = Base64.getUrlDecoder().decode(codec.encodeOpen(this.metadata));
		byte[] forged = Base64.getUrlDecoder().decode(codec(OTHER_KEY).build().encodeOpen(this.metadata));
		System.arraycopy(genuine, 2, forged, 2, SigningKey.ID_LENGTH);

		assertRefused(codec, Base64.getUrlEncoder().withoutPadding().encodeToString(forged), Kind.OPEN,
				Reason.BAD_SIGNATURE);
	}

	@Test
	void refusesEveryBitFlip() {
		for (boolean encrypt : new boolean[] { false, true }) {
			TrackingCodec codec = codec(KEY).encrypt(encrypt).ttl(Duration.ofDays(1)).build();
			byte[] raw = Base64.getUrlDecoder().decode(codec.encodeClick(TARGET, this.metadata));
			for (int i = 0; i < raw.length * 8; i++) {
				byte[] flipped = raw.clone();
				flipped[i / 8] ^= (byte) (1 << (i % 8));
				String token = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
				int bit = i;
				assertThatExceptionOfType(TrackingTokenException.class).as("bit %d, encrypt %s", bit, encrypt)
					.isThrownBy(() -> codec.decode(token, Kind.CLICK));
			}
		}
	}

	@Test
	void refusesATokenWhoseTargetWasSwapped() {
		TrackingCodec codec = codec(KEY).build();
		String genuine = "https://shop.example.com/a";
		String swapped = "https://evil.example.com/a";
		byte[] raw = Base64.getUrlDecoder().decode(codec.encodeClick(genuine, this.metadata));
		String text = new String(raw, StandardCharsets.ISO_8859_1).replace(genuine, swapped);
		String tampered = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));

		assertRefused(codec, tampered, Kind.CLICK, Reason.BAD_SIGNATURE);
	}

	@Test
	void refusesAnOpenTokenUsedAsAClickAndTheReverse() {
		TrackingCodec codec = codec(KEY).build();

		assertRefused(codec, codec.encodeOpen(this.metadata), Kind.CLICK, Reason.WRONG_KIND);
		assertRefused(codec, codec.encodeClick(TARGET, this.metadata), Kind.OPEN, Reason.WRONG_KIND);
	}

	@Test
	void refusesToMintLinksToScriptsDataOrRelativeTargets() {
		TrackingCodec codec = codec(KEY).build();

		for (String target : List.of("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
				"//evil.example/x", "/relative", "ftp://files.example.com/x", "https:///no-host", "http://a b")) {
			assertThatIllegalArgumentException().as(target)
				.isThrownBy(() -> codec.encodeClick(target, this.metadata));
		}
	}

	@Test
	void refusesGarbageAsMalformed() {
		TrackingCodec codec = codec(KEY).build();

		assertRefused(codec, "", Kind.OPEN, Reason.MALFORMED);
		assertRefused(codec, "A", Kind.OPEN, Reason.MALFORMED);
		assertRefused(codec, "A!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", Kind.OPEN, Reason.MALFORMED);
		assertRefused(codec, "q1111111111111111111111111111111111111", Kind.OPEN, Reason.MALFORMED);
		assertRefused(codec, "A".repeat(20_000), Kind.OPEN, Reason.MALFORMED);
	}

	@Test
	void refusesAnUnknownVersion() {
		TrackingCodec codec = codec(KEY).build();
		byte[] raw = Base64.getUrlDecoder().decode(codec.encodeOpen(this.metadata));
		raw[0] = 0x02;

		assertRefused(codec, Base64.getUrlEncoder().withoutPadding().encodeToString(raw), Kind.OPEN,
				Reason.UNSUPPORTED_VERSION);
	}

	@Test
	void refusesUnsignedPytrackingLinksByDefault() {
		String plain = Base64.getUrlEncoder()
			.encodeToString("{\"metadata\": {\"a\": 1}}".getBytes(StandardCharsets.UTF_8));

		assertRefused(codec(KEY).build(), plain, Kind.OPEN, Reason.UNSIGNED_NOT_ACCEPTED);
	}

	@Test
	void refusesFernetLinksWhenNoFernetKeyIsConfigured() {
		assertRefused(codec(KEY).build(), "gAAAAABrBC-yL_vhcw_1BQZg8f7mvZU0F3gol5Rm", Kind.OPEN, Reason.UNKNOWN_KEY);
	}

	@Test
	void refusesAnUnsignedPytrackingClickToAScript() {
		TrackingCodec codec = codec(KEY).acceptUnsignedPytracking(true).build();
		String plain = Base64.getUrlEncoder()
			.encodeToString("{\"url\": \"javascript:alert(1)\", \"metadata\": {}}".getBytes(StandardCharsets.UTF_8));

		assertRefused(codec, plain, Kind.CLICK, Reason.DISALLOWED_TARGET);
	}

	@Test
	void namesTheFieldOfAMalformedPytrackingPayload() {
		TrackingCodec codec = codec(KEY).acceptUnsignedPytracking(true).build();
		String plain = Base64.getUrlEncoder()
			.encodeToString("{\"metadata\": [1, 2]}".getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(TrackingTokenException.class).isThrownBy(() -> codec.decode(plain, Kind.OPEN))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
				assertThat(ex.field()).isEqualTo("metadata");
			});
	}

	@Test
	void refusesShortRepeatedOrMissingKeysAtBuildTime() {
		assertThatIllegalArgumentException().isThrownBy(() -> codec("short").build())
			.withMessageContaining("[0]")
			.withMessageContaining("16 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> codec(KEY, KEY).build())
			.withMessageContaining("[1] repeats");
		assertThatIllegalArgumentException().isThrownBy(() -> TrackingCodec.builder().build())
			.withMessageContaining("set at least one key");
		assertThatIllegalArgumentException().isThrownBy(() -> codec(KEY).ttl(Duration.ZERO).build())
			.withMessageContaining("ttl must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrackingCodec.builder().pytrackingFernetKeys(List.of("not-a-key")).build())
			.withMessageContaining("Fernet key");
	}

	@Test
	void aCodecWithOnlyPytrackingKeysReadsButCannotMint() {
		TrackingCodec codec = TrackingCodec.builder()
			.pytrackingFernetKeys(List.of("y2rWFb0mCBbW6cb0A8Pk8YpXQ8Yhmf2c4Td3iBj0F7E="))
			.build();

		assertThat(codec.canMint()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> codec.encodeOpen(this.metadata));
		assertRefused(codec, codec(KEY).build().encodeOpen(this.metadata), Kind.OPEN, Reason.UNKNOWN_KEY);
	}

	@Test
	void neverPutsTheSecretInMessages() {
		TrackingCodec codec = codec(KEY).build();
		String forged = codec(OTHER_KEY).build().encodeOpen(this.metadata);

		assertThatExceptionOfType(TrackingTokenException.class).isThrownBy(() -> codec.decode(forged, Kind.OPEN))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(KEY).doesNotContain(OTHER_KEY));
	}

	static void assertRefused(TrackingCodec codec, String token, Kind kind, Reason reason) {
		assertThatExceptionOfType(TrackingTokenException.class).isThrownBy(() -> codec.decode(token, kind))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(reason));
	}

}
