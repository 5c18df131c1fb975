package io.unisights.spring.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.WebhookSignature;
import io.unisights.ingest.WebhookVerificationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SignedIngestRequestTests {

	private static final String SECRET = "whsec_" + java.util.Base64.getEncoder()
		.encodeToString("kit-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

	@Test
	void signsTheExactBodyWithTheStandardWebhooksHeaders() {
		SignedIngestRequest request = SignedIngestRequest.builder(SECRET)
			.event(CanonicalEvent.builder("order.created").id("evt_1").source("shop").build())
			.messageId("msg_1")
			.timestamp(Instant.parse("2026-12-01T10:00:00.900Z"))
			.build();

		assertThat(request.headers().getFirst("webhook-id")).isEqualTo("msg_1");
		assertThat(request.headers().getFirst("webhook-timestamp")).isEqualTo("1796119200");
		assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
		assertThat(request.bodyAsString()).contains("\"id\":\"evt_1\"", "\"type\":\"order.created\"");
		WebhookSignature verifier = WebhookSignature.builder()
			.secret(SECRET)
			.clock(java.time.Clock.fixed(Instant.parse("2026-12-01T10:01:00Z"), java.time.ZoneOffset.UTC))
			.build();
		verifier.verify("msg_1", "1796119200", request.signature(), request.body());
		byte[] tampered = request.bodyAsString().replace("evt_1", "evt_2").getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> verifier.verify("msg_1", "1796119200", request.signature(), tampered));
	}

	@Test
	void signsV1aWithAPrivateKey() {
		WebhookSignature.KeyPair pair = WebhookSignature.generateKeyPair();
		SignedIngestRequest request = SignedIngestRequest.builder(pair.privateKey())
			.body("{\"id\":\"evt_k\"}")
			.messageId("msg_k")
			.timestamp(Instant.parse("2026-12-01T10:00:00Z"))
			.build();
		assertThat(request.signature()).startsWith("v1a,");
		WebhookSignature.builder()
			.publicKey(pair.publicKey())
			.clock(java.time.Clock.fixed(Instant.parse("2026-12-01T10:01:00Z"), java.time.ZoneOffset.UTC))
			.build()
			.verify("msg_k", "1796119200", request.signature(), request.body());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> SignedIngestRequest.builder(pair.publicKey()))
			.withMessageContaining("whpk_");
	}

	@Test
	void signsBatchesAndBodiesOfYourOwnAndBuildsAnHttpRequest() {
		SignedIngestRequest batch = SignedIngestRequest.builder(SECRET)
			.events(List.of(CanonicalEvent.builder("order.created").id("evt_a").source("shop").build(),
					CanonicalEvent.builder("order.paid").id("evt_b").source("shop").build()))
			.build();
		SignedIngestRequest own = SignedIngestRequest.builder(SECRET).body("{\"id\":\"evt_c\"}").build();

		assertThat(batch.bodyAsString()).contains("evt_a", "evt_b");
		assertThat(batch.messageId()).startsWith("msg_").isNotEqualTo(own.messageId());
		assertThat(own.bodyAsString()).isEqualTo("{\"id\":\"evt_c\"}");
		HttpRequest http = own.toHttpRequest(URI.create("http://127.0.0.1:1/events/ingest"));
		assertThat(http.method()).isEqualTo("POST");
		assertThat(http.headers().firstValue("webhook-signature")).hasValue(own.signature());
		assertThat(http.bodyPublisher()).hasValueSatisfying(
				(body) -> assertThat(body.contentLength()).isEqualTo(own.body().length));
	}

	@Test
	void refusesToSignNothing() {
		assertThatIllegalStateException().isThrownBy(() -> SignedIngestRequest.builder(SECRET).build());
	}

}
