package io.unisights.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import io.unisights.ingest.WebhookVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookSignatureTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String OTHER_SECRET = "whsec_" + java.util.Base64.getEncoder()
		.encodeToString("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.US_ASCII));

	static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");

	static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private WebhookSignature signature(String... secrets) {
		return WebhookSignature.builder().secrets(List.of(secrets)).clock(this.clock).build();
	}

	@Test
	void signsExactlyAsTheReferenceLibrary() throws Exception {
		long timestamp = NOW.getEpochSecond();
		String ours = signature(SECRET).sign(ID, timestamp, BODY);
		String reference = new Webhook(SECRET).sign(ID, timestamp, new String(BODY, StandardCharsets.UTF_8));
		assertThat(ours).isEqualTo(reference).startsWith("v1,");
	}

	@Test
	void referenceLibraryAcceptsOurSignature() {
		// The reference verifies against the system clock, so sign with the current time.
		long timestamp = Instant.now().getEpochSecond();
		String header = WebhookSignature.of(SECRET).sign(ID, timestamp, BODY);
		Map<String, List<String>> headers = Map.of("webhook-id", List.of(ID), "webhook-timestamp",
				List.of(Long.toString(timestamp)), "webhook-signature", List.of(header));
		assertThatCode(() -> new Webhook(SECRET).verify(new String(BODY, StandardCharsets.UTF_8), headers))
			.doesNotThrowAnyException();
	}

	@Test
	void acceptsTheReferenceLibrarysSignature() throws Exception {
		long timestamp = NOW.getEpochSecond();
		String header = new Webhook(SECRET).sign(ID, timestamp, new String(BODY, StandardCharsets.UTF_8));
		assertThatCode(() -> signature(SECRET).verify(ID, Long.toString(timestamp), header, BODY))
			.doesNotThrowAnyException();
	}

	@Test
	void refusesATamperedBody() {
		WebhookSignature signature = signature(SECRET);
		String header = signature.sign(ID, NOW.getEpochSecond(), BODY);
		byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> signature.verify(ID, Long.toString(NOW.getEpochSecond()), header, tampered))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE));
	}

	@Test
	void refusesAnotherMessageIdOrTimestampUnderTheSameSignature() {
		WebhookSignature signature = signature(SECRET);
		long timestamp = NOW.getEpochSecond();
		String header = signature.sign(ID, timestamp, BODY);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> signature.verify("msg_other", Long.toString(timestamp), header, BODY));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> signature.verify(ID, Long.toString(timestamp - 1), header, BODY));
	}

	@Test
	void verifiesTheRawBytesEvenWhenTheyAreNotUtf8() {
		byte[] body = { '{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		WebhookSignature signature = signature(SECRET);
		String header = signature.sign(ID, NOW.getEpochSecond(), body);
		assertThatCode(() -> signature.verify(ID, Long.toString(NOW.getEpochSecond()), header, body))
			.doesNotThrowAnyException();
		byte[] decodedAndReencoded = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(WebhookVerificationException.class).isThrownBy(
				() -> signature.verify(ID, Long.toString(NOW.getEpochSecond()), header, decodedAndReencoded));
	}

	@Test
	void acceptsAnyMatchingSignatureInTheList() {
		String good = signature(SECRET).sign(ID, NOW.getEpochSecond(), BODY);
		String header = "v1,bm90IGEgc2lnbmF0dXJl v1a,ignored-asymmetric v1,%%%notbase64 " + good;
		assertThatCode(() -> signature(SECRET).verify(ID, Long.toString(NOW.getEpochSecond()), header, BODY))
			.doesNotThrowAnyException();
	}

	@Test
	void verifiesWithEitherSecretDuringRotation() {
		WebhookSignature receiver = signature(OTHER_SECRET, SECRET);
		String timestamp = Long.toString(NOW.getEpochSecond());
		assertThatCode(() -> receiver.verify(ID, timestamp, signature(SECRET).sign(ID, NOW.getEpochSecond(), BODY), BODY))
			.doesNotThrowAnyException();
		assertThatCode(
				() -> receiver.verify(ID, timestamp, signature(OTHER_SECRET).sign(ID, NOW.getEpochSecond(), BODY), BODY))
			.doesNotThrowAnyException();
		String both = receiver.sign(ID, NOW.getEpochSecond(), BODY);
		assertThat(both.split(" ")).hasSize(2);
		assertThatCode(() -> signature(SECRET).verify(ID, timestamp, both, BODY)).doesNotThrowAnyException();
	}

	@Test
	void acceptsTimestampsExactlyAtTheToleranceAndRefusesOneSecondBeyond() {
		WebhookSignature signature = WebhookSignature.builder()
			.secret(SECRET)
			.tolerance(Duration.ofSeconds(300))
			.clock(this.clock)
			.build();
		for (long timestamp : new long[] { NOW.getEpochSecond() - 300, NOW.getEpochSecond() + 300 }) {
			String header = signature.sign(ID, timestamp, BODY);
			assertThatCode(() -> signature.verify(ID, Long.toString(timestamp), header, BODY))
				.doesNotThrowAnyException();
		}
		for (long timestamp : new long[] { NOW.getEpochSecond() - 301, NOW.getEpochSecond() + 301 }) {
			String header = signature.sign(ID, timestamp, BODY);
			assertThatExceptionOfType(WebhookVerificationException.class)
				.isThrownBy(() -> signature.verify(ID, Long.toString(timestamp), header, BODY))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TIMESTAMP_OUT_OF_TOLERANCE))
				.withMessageContaining("301s");
		}
	}

	@Test
	void namesTheMissingHeader() {
		WebhookSignature signature = signature(SECRET);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> signature.verify(ID, "1", null, BODY))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MISSING_HEADER))
			.withMessageContaining("webhook-signature");
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> signature.verify(null, "1", "v1,x", BODY))
			.withMessageContaining("webhook-id");
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> signature.verify(ID, " ", "v1,x", BODY))
			.withMessageContaining("webhook-timestamp");
	}

	@Test
	void refusesAMalformedTimestamp() {
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> signature(SECRET).verify(ID, "2025-05-01T10:15:30Z", "v1,x", BODY))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_TIMESTAMP));
	}

	@Test
	void refusesMalformedOrShortSecretsAtConfigurationTime() {
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSignature.of("whsec_not base64!"));
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSignature.of("whsec_c2hvcnQ="))
			.withMessageContaining("at least 16 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSignature.builder().build());
	}

	@Test
	void neverShowsItsSecrets() {
		WebhookSignature signature = signature(SECRET, OTHER_SECRET);
		assertThat(signature.toString()).doesNotContain(SECRET.substring(6)).contains("secrets=2");
	}

	@Test
	void generatesUsableSecrets() {
		String secret = WebhookSignature.generateSecret();
		assertThat(secret).startsWith("whsec_").isNotEqualTo(WebhookSignature.generateSecret());
		WebhookSignature signature = signature(secret);
		String header = signature.sign(ID, NOW.getEpochSecond(), BODY);
		assertThatCode(() -> signature.verify(ID, Long.toString(NOW.getEpochSecond()), header, BODY))
			.doesNotThrowAnyException();
	}

}
