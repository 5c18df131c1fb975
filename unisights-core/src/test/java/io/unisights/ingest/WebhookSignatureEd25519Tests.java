package io.unisights.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.unisights.ingest.WebhookVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Standard Webhooks {@code v1a}: Ed25519 signatures, checked against the test data of the
 * specification's own library ({@code standard-webhooks/ed25519-vectors.json}, which says
 * where each value came from).
 */
class WebhookSignatureEd25519Tests {

	private static final JsonNode VECTORS = vectors();

	private static final JsonNode VECTOR = VECTORS.get("signatures").get(0);

	private static final String ID = VECTOR.get("msg_id").asString();

	private static final long TIMESTAMP = VECTOR.get("timestamp").asLong();

	private static final byte[] PAYLOAD = VECTOR.get("payload").asString().getBytes(StandardCharsets.UTF_8);

	private static final String PRIVATE_KEY = key(0, "private_key");

	private static final String PUBLIC_KEY = key(0, "public_key");

	private static final String OTHER_PRIVATE_KEY = key(1, "private_key");

	private static final String OTHER_PUBLIC_KEY = key(1, "public_key");

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(TIMESTAMP), ZoneOffset.UTC);

	private WebhookSignature.Builder builder() {
		return WebhookSignature.builder().clock(this.clock);
	}

	private WebhookSignature receiver(String... publicKeys) {
		return builder().publicKeys(List.of(publicKeys)).build();
	}

	private WebhookSignature sender(String privateKey) {
		return builder().privateKey(privateKey).build();
	}

	@Test
	void signsExactlyAsTheSpecificationsLibrary() {
		for (JsonNode vector : VECTORS.get("signatures")) {
			String privateKey = key(vector.get("key").asInt(), "private_key");
			byte[] payload = vector.get("payload").asString().getBytes(StandardCharsets.UTF_8);
			assertThat(sender(privateKey).sign(vector.get("msg_id").asString(), vector.get("timestamp").asLong(), payload))
				.as(vector.get("name").asString())
				.isEqualTo(vector.get("signature").asString());
		}
	}

	@Test
	void verifiesTheSpecificationsSignatureWithThePublicKey() {
		for (JsonNode vector : VECTORS.get("signatures")) {
			String publicKey = key(vector.get("key").asInt(), "public_key");
			byte[] payload = vector.get("payload").asString().getBytes(StandardCharsets.UTF_8);
			assertThatCode(() -> receiver(publicKey).verify(vector.get("msg_id").asString(),
					vector.get("timestamp").asString(), vector.get("signature").asString(), payload))
				.as(vector.get("name").asString())
				.doesNotThrowAnyException();
		}
	}

	@Test
	void refusesTheHeadersTheSpecificationsLibraryRefuses() {
		for (JsonNode refused : VECTORS.get("refused_headers")) {
			assertThatExceptionOfType(WebhookVerificationException.class)
				.as(refused.get("name").asString())
				.isThrownBy(() -> receiver(PUBLIC_KEY).verify(ID, Long.toString(TIMESTAMP),
						refused.get("signature").asString(), PAYLOAD))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE));
		}
	}

	@Test
	void acceptsTheHeadersTheSpecificationsLibraryAccepts() {
		String valid = sender(OTHER_PRIVATE_KEY).sign(ID, TIMESTAMP, PAYLOAD);
		for (JsonNode accepted : VECTORS.get("accepted_headers")) {
			String header = accepted.get("signature").asString().replace("{valid}", valid);
			assertThatCode(() -> receiver(OTHER_PUBLIC_KEY).verify(ID, Long.toString(TIMESTAMP), header, PAYLOAD))
				.as(accepted.get("name").asString())
				.doesNotThrowAnyException();
		}
	}

	@Test
	void refusesASignatureMadeWithAnotherKey() {
		String header = sender(OTHER_PRIVATE_KEY).sign(ID, TIMESTAMP, PAYLOAD);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver(PUBLIC_KEY).verify(ID, Long.toString(TIMESTAMP), header, PAYLOAD))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE))
			.withMessageContaining("v1a signature")
			.withMessageContaining("public key");
	}

	@Test
	void refusesATamperedPayloadIdOrTimestamp() {
		String header = VECTOR.get("signature").asString();
		WebhookSignature receiver = receiver(PUBLIC_KEY);
		byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver.verify(ID, Long.toString(TIMESTAMP), header, tampered))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver.verify("msg_other", Long.toString(TIMESTAMP), header, PAYLOAD));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver.verify(ID, Long.toString(TIMESTAMP - 1), header, PAYLOAD));
	}

	@Test
	void verifiesWithEitherPublicKeyDuringRotation() {
		WebhookSignature receiver = receiver(PUBLIC_KEY, OTHER_PUBLIC_KEY);
		String timestamp = Long.toString(TIMESTAMP);
		assertThatCode(() -> receiver.verify(ID, timestamp, sender(PRIVATE_KEY).sign(ID, TIMESTAMP, PAYLOAD), PAYLOAD))
			.doesNotThrowAnyException();
		assertThatCode(
				() -> receiver.verify(ID, timestamp, sender(OTHER_PRIVATE_KEY).sign(ID, TIMESTAMP, PAYLOAD), PAYLOAD))
			.doesNotThrowAnyException();
		assertThat(receiver.publicKeyCount()).isEqualTo(2);
		assertThat(receiver.secretCount()).isZero();
	}

	@Test
	void appliesTheSameToleranceAsV1() {
		WebhookSignature sender = sender(PRIVATE_KEY);
		WebhookSignature receiver = builder().publicKey(PUBLIC_KEY)
			.tolerance(java.time.Duration.ofSeconds(300))
			.build();
		for (long timestamp : new long[] { TIMESTAMP - 300, TIMESTAMP + 300 }) {
			String header = sender.sign(ID, timestamp, PAYLOAD);
			assertThatCode(() -> receiver.verify(ID, Long.toString(timestamp), header, PAYLOAD))
				.doesNotThrowAnyException();
		}
		for (long timestamp : new long[] { TIMESTAMP - 301, TIMESTAMP + 301 }) {
			String header = sender.sign(ID, timestamp, PAYLOAD);
			assertThatExceptionOfType(WebhookVerificationException.class)
				.isThrownBy(() -> receiver.verify(ID, Long.toString(timestamp), header, PAYLOAD))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE));
		}
	}

	@Test
	void signsV1AndV1aTogetherAndEachReceiverAcceptsItsOwn() {
		String secret = WebhookSignatureTests.SECRET;
		WebhookSignature both = builder().secret(secret).privateKey(PRIVATE_KEY).build();
		String header = both.sign(ID, TIMESTAMP, PAYLOAD);
		assertThat(header.split(" ")).hasSize(2).satisfies((parts) -> {
			assertThat(parts[0]).startsWith("v1,");
			assertThat(parts[1]).isEqualTo(VECTOR.get("signature").asString());
		});
		String timestamp = Long.toString(TIMESTAMP);
		assertThatCode(() -> receiver(PUBLIC_KEY).verify(ID, timestamp, header, PAYLOAD)).doesNotThrowAnyException();
		assertThatCode(() -> builder().secret(secret).build().verify(ID, timestamp, header, PAYLOAD))
			.doesNotThrowAnyException();
		// A v1a signature is no use to a receiver that holds secrets only.
		String v1aOnly = sender(PRIVATE_KEY).sign(ID, TIMESTAMP, PAYLOAD);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> builder().secret(secret).build().verify(ID, timestamp, v1aOnly, PAYLOAD))
			.withMessageContaining("No v1 signature");
	}

	@Test
	void tellsKeysApartByPrefix() {
		WebhookSignature signature = WebhookSignature.of(WebhookSignatureTests.SECRET, PRIVATE_KEY, OTHER_PUBLIC_KEY);
		assertThat(signature.secretCount()).isEqualTo(1);
		assertThat(signature.publicKeyCount()).isEqualTo(1);
		assertThat(signature.canSign()).isTrue();
		assertThat(WebhookSignature.of(PUBLIC_KEY).canSign()).isFalse();
		assertThat(WebhookSignature.of(PRIVATE_KEY).sign(ID, TIMESTAMP, PAYLOAD))
			.isEqualTo(VECTOR.get("signature").asString());
	}

	@Test
	void refusesToSignWithPublicKeysOnly() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> receiver(PUBLIC_KEY).sign(ID, TIMESTAMP, PAYLOAD))
			.withMessageContaining("whsk_");
	}

	@Test
	void triesNoMoreV1aSignaturesOfAHeaderThanTheLimit() {
		Random random = new Random(5);
		StringBuilder bogus = new StringBuilder();
		for (int i = 0; i < WebhookSignature.MAX_V1A_CANDIDATES; i++) {
			byte[] signature = new byte[64];
			random.nextBytes(signature);
			bogus.append("v1a,").append(Base64.getEncoder().encodeToString(signature)).append(' ');
		}
		String valid = VECTOR.get("signature").asString();
		String timestamp = Long.toString(TIMESTAMP);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver(PUBLIC_KEY).verify(ID, timestamp, bogus + valid, PAYLOAD))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE));
		// v1 entries and malformed v1a entries do not count against the limit.
		String header = "v1,AAAA v1a,AAAA v1a,%%% " + bogus.substring(bogus.indexOf(" ") + 1) + valid;
		assertThatCode(() -> receiver(PUBLIC_KEY).verify(ID, timestamp, header, PAYLOAD)).doesNotThrowAnyException();
	}

	@Test
	void refusesMalformedKeysAtConfigurationTimeWithoutRepeatingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> builder().publicKey("whpk_not base64!"))
			.withMessageContaining("whpk_");
		String short31 = "whpk_" + Base64.getEncoder().encodeToString(new byte[31]);
		assertThatIllegalArgumentException().isThrownBy(() -> builder().publicKey(short31))
			.withMessageContaining("32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().publicKey(PRIVATE_KEY))
			.withMessageContaining("whsk_ private key")
			.withMessageNotContaining(PRIVATE_KEY.substring(5));
		assertThatIllegalArgumentException().isThrownBy(() -> builder().publicKey(WebhookSignatureTests.SECRET))
			.withMessageContaining("whsec_ secret")
			.withMessageNotContaining(WebhookSignatureTests.SECRET.substring(6));
		assertThatIllegalArgumentException().isThrownBy(() -> builder().privateKey("whsk_c2hvcnQ="))
			.withMessageContaining("32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().privateKey(PUBLIC_KEY))
			.withMessageContaining("whpk_ public key");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().secret(PRIVATE_KEY))
			.withMessageContaining("whsk_ private")
			.withMessageNotContaining(PRIVATE_KEY.substring(5));
		assertThatIllegalArgumentException().isThrownBy(() -> builder().privateKey(PRIVATE_KEY).privateKey(PRIVATE_KEY))
			.withMessageContaining("one");
	}

	@Test
	void refusesPublicKeysThatAreNoCurvePoint() {
		// y = 2 has no x on the curve; 0xff... is a y beyond the field.
		assertThatIllegalArgumentException().isThrownBy(() -> builder().publicKey(raw((byte) 0x02)))
			.withMessageContaining("point of the Ed25519 curve");
		assertThatIllegalArgumentException().isThrownBy(() -> builder().publicKey(raw((byte) 0xff)))
			.withMessageContaining("point of the Ed25519 curve");
	}

	@Test
	void refusesPublicKeysOfSmallOrder() {
		// Under the identity point (01 00 … 00) the JDK accepts R = identity, S = 0 for
		// every message: anyone could sign. The all-zero key is a point of order 4.
		byte[] identity = new byte[32];
		identity[0] = 1;
		for (byte[] weak : List.of(identity, new byte[32])) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> builder().publicKey("whpk_" + Base64.getEncoder().encodeToString(weak)))
				.withMessageContaining("small order");
		}
	}

	@Test
	void generatesKeyPairsThatSignAndVerify() {
		WebhookSignature.KeyPair pair = WebhookSignature.generateKeyPair();
		assertThat(pair.privateKey()).startsWith("whsk_");
		assertThat(pair.publicKey()).startsWith("whpk_");
		assertThat(Base64.getDecoder().decode(pair.privateKey().substring(5))).hasSize(32);
		assertThat(Base64.getDecoder().decode(pair.publicKey().substring(5))).hasSize(32);
		assertThat(pair.toString()).contains(pair.publicKey()).doesNotContain(pair.privateKey().substring(5));
		assertThat(WebhookSignature.generateKeyPair().privateKey()).isNotEqualTo(pair.privateKey());
		String header = sender(pair.privateKey()).sign(ID, TIMESTAMP, PAYLOAD);
		assertThatCode(() -> receiver(pair.publicKey()).verify(ID, Long.toString(TIMESTAMP), header, PAYLOAD))
			.doesNotThrowAnyException();
	}

	@Test
	void neverShowsItsPrivateKey() {
		WebhookSignature signature = builder().privateKey(PRIVATE_KEY).publicKey(OTHER_PUBLIC_KEY).build();
		assertThat(signature.toString()).doesNotContain(PRIVATE_KEY.substring(5))
			.contains("privateKey=set", "publicKeys=1", "secrets=0");
	}

	private static String raw(byte fill) {
		byte[] raw = new byte[32];
		java.util.Arrays.fill(raw, fill);
		return "whpk_" + Base64.getEncoder().encodeToString(raw);
	}

	private static String key(int index, String field) {
		return VECTORS.get("keys").get(index).get(field).asString();
	}

	private static JsonNode vectors() {
		try (InputStream in = WebhookSignatureEd25519Tests.class
			.getResourceAsStream("/standard-webhooks/ed25519-vectors.json")) {
			return JsonMapper.builder().build().readTree(in.readAllBytes());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
