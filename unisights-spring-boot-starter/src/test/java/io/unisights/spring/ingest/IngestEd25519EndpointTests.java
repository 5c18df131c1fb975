package io.unisights.spring.ingest;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.EventsClient;
import io.unisights.ingest.Identity;
import io.unisights.ingest.SendResult;
import io.unisights.ingest.SendResult.Outcome;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.Delivery;
import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;
import io.unisights.spring.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingestion endpoint with Standard Webhooks {@code v1a} (Ed25519) only, over real
 * HTTP: it is on with public keys and no secret, verifies against either of two public
 * keys while a sender rotates, and keeps the tolerance and replay window of {@code v1}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.ingest.public-keys[0]=" + IngestEd25519EndpointTests.OLD_PUBLIC_KEY,
				"unisights.ingest.public-keys[1]=" + IngestEd25519EndpointTests.NEW_PUBLIC_KEY,
				"unisights.ingest.tolerance=300s" })
class IngestEd25519EndpointTests extends EndpointTestSupport {

	// The two keys of the Standard Webhooks Go library's tests, with the public keys derived
	// from them (unisights-core: standard-webhooks/ed25519-vectors.json says how).

	static final String OLD_PRIVATE_KEY = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";

	static final String OLD_PUBLIC_KEY = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g=";

	static final String NEW_PRIVATE_KEY = "whsk_V0VCSE9PS0FTWU1NRVRSSUNURVNUUFJJVkFURUtFWTE=";

	static final String NEW_PUBLIC_KEY = "whpk_4rQZjjkCnn4m/ciYBaRPSZTA+Y/UwqgD6hgxOllF28g=";

	static final Instant NOW = FrozenClockTestApplication.NOW;

	private EventsClient client(String privateKey) {
		return EventsClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.privateKey(privateKey)
			.timeout(Duration.ofSeconds(10))
			.maxAttempts(2)
			.backoff(Duration.ofMillis(1), Duration.ofMillis(5))
			.build();
	}

	private static CanonicalEvent order() {
		return CanonicalEvent.builder("order.created")
			.source("shop")
			.identity(new Identity("cus_1", "jane@example.com", null, Map.of()))
			.data("total", 99.9)
			.build();
	}

	@Test
	void deliversEventsSignedWithEitherKeyWhileTheSenderRotates() {
		CanonicalEvent before = order();
		CanonicalEvent after = order();
		assertThat(client(OLD_PRIVATE_KEY).send(before).outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(client(NEW_PRIVATE_KEY).send(after).outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly(before.id(), after.id());
	}

	@Test
	void refusesASignatureMadeWithAnotherKeyAndTheClientDoesNotRetry() {
		SendResult result = client(WebhookSignature.generateKeyPair().privateKey()).send(order());
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.status()).isEqualTo(401);
		assertThat(result.attempts()).isEqualTo(1);
		byte[] body = event("evt_stranger").getBytes(StandardCharsets.UTF_8);
		String stranger = WebhookSignature.generateKeyPair().privateKey();
		HttpResponse<String> response = post("msg_stranger", NOW.getEpochSecond(),
				sign(stranger, "msg_stranger", NOW.getEpochSecond(), body), body);
		assertProblem(response, 401, "signature-mismatch");
		assertThat(Http.json(response).get("detail").asString()).contains("v1a").doesNotContain("whpk_", "whsk_");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesATamperedPayload() {
		byte[] signed = event("evt_t").getBytes(StandardCharsets.UTF_8);
		byte[] tampered = event("evt_t").replace("\"total\":5", "\"total\":500").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = post("msg_t", NOW.getEpochSecond(),
				sign(OLD_PRIVATE_KEY, "msg_t", NOW.getEpochSecond(), signed), tampered);
		assertProblem(response, 401, "signature-mismatch");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesAnHmacSignatureSinceNoSecretIsConfigured() {
		byte[] body = event("evt_hmac").getBytes(StandardCharsets.UTF_8);
		String v1 = WebhookSignature.of(WebhookSignature.generateSecret()).sign("msg_hmac", NOW.getEpochSecond(), body);
		assertProblem(post("msg_hmac", NOW.getEpochSecond(), v1, body), 401, "signature-mismatch");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void acceptsOneValidSignatureAmongSeveral() {
		byte[] body = event("evt_many").getBytes(StandardCharsets.UTF_8);
		long timestamp = NOW.getEpochSecond();
		String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
				+ sign(WebhookSignature.generateKeyPair().privateKey(), "msg_many", timestamp, body) + " v2,AAAA "
				+ sign(NEW_PRIVATE_KEY, "msg_many", timestamp, body);
		assertThat(post("msg_many", timestamp, header, body).statusCode()).isEqualTo(200);
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly("evt_many");
	}

	@Test
	void acceptsTimestampsAtTheToleranceAndRefusesOneSecondBeyond() {
		byte[] edge = event("evt_edge").getBytes(StandardCharsets.UTF_8);
		long oldest = NOW.getEpochSecond() - 300;
		assertThat(post("msg_edge", oldest, sign(OLD_PRIVATE_KEY, "msg_edge", oldest, edge), edge).statusCode())
			.isEqualTo(200);
		byte[] stale = event("evt_stale").getBytes(StandardCharsets.UTF_8);
		long tooOld = NOW.getEpochSecond() - 301;
		assertProblem(post("msg_stale", tooOld, sign(OLD_PRIVATE_KEY, "msg_stale", tooOld, stale), stale), 401,
				"timestamp-out-of-tolerance");
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly("evt_edge");
	}

	@Test
	void acknowledgesARepeatedRequestWithoutDeliveringItAgain() {
		byte[] body = event("evt_again").getBytes(StandardCharsets.UTF_8);
		long timestamp = NOW.getEpochSecond();
		String header = sign(NEW_PRIVATE_KEY, "msg_again", timestamp, body);
		assertThat(post("msg_again", timestamp, header, body).statusCode()).isEqualTo(200);
		HttpResponse<String> replayed = post("msg_again", timestamp, header, body);
		assertThat(replayed.statusCode()).isEqualTo(200);
		assertThat(Http.json(replayed).get("status").asString()).isEqualTo("duplicate");
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly("evt_again");
	}

	private static String sign(String privateKey, String messageId, long timestamp, byte[] body) {
		return WebhookSignature.builder().privateKey(privateKey).build().sign(messageId, timestamp, body);
	}

	private static String event(String id) {
		return "{\"id\":\"" + id + "\",\"type\":\"order.paid\",\"occurred_at\":\"2025-05-01T10:15:30Z\","
				+ "\"source\":\"shop\",\"identity\":{\"id\":\"cus_1\"},\"data\":{\"total\":5}}";
	}

	private HttpResponse<String> post(String messageId, long timestamp, String signature, byte[] body) {
		HttpRequest request = this.http.request("/events/ingest")
			.header("Content-Type", "application/json")
			.header("webhook-id", messageId)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", signature)
			.POST(BodyPublishers.ofByteArray(body))
			.build();
		return this.http.send(request);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String reason) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = Http.json(response);
		assertThat(problem.get("reason").asString()).isEqualTo(reason);
		assertThat(problem.get("type").asString()).isEqualTo("urn:unisights:problem:" + reason);
	}

}
