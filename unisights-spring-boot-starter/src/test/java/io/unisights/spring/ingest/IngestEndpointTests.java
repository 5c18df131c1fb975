package io.unisights.spring.ingest;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.EventsClient;
import io.unisights.ingest.Identity;
import io.unisights.ingest.SendResult;
import io.unisights.ingest.SendResult.Outcome;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.test.EndpointTestSupport;
import io.unisights.spring.test.FrozenClockTestApplication;
import io.unisights.spring.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingestion endpoint over real HTTP, driven by the events client of the core module
 * and by hand-made requests for what the client never sends.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = FrozenClockTestApplication.class,
		properties = { "unisights.ingest.secrets[0]=" + IngestEndpointTests.OLD_SECRET,
				"unisights.ingest.secrets[1]=" + IngestEndpointTests.NEW_SECRET, "unisights.ingest.tolerance=300s",
				"unisights.ingest.max-batch-size=3", "unisights.ingest.extra-types=loyalty.points_earned" })
class IngestEndpointTests extends EndpointTestSupport {

	static final String OLD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	static final String NEW_SECRET = "whsec_YW5vdGhlci1zZWNyZXQtb2YtMzItYnl0ZXMtbG9uZyE=";

	/** The server's clock stands still, so that tolerance edges and skew are exact. */
	static final Instant NOW = FrozenClockTestApplication.NOW;

	private EventsClient client(String secret) {
		return EventsClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.secret(secret)
			.timeout(Duration.ofSeconds(10))
			.maxAttempts(2)
			.backoff(Duration.ofMillis(1), Duration.ofMillis(5))
			.build();
	}

	private static CanonicalEvent order() {
		return CanonicalEvent.builder("order.created")
			.source("shop")
			.identity(new Identity("cus_1", "jane@example.com", "+15550100", Map.of()))
			.data("total", 99.9)
			.build();
	}

	@Test
	void deliversASignedEventSentByTheClient() {
		CanonicalEvent event = order();
		SendResult result = client(OLD_SECRET).send(event);

		assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(result.status()).isEqualTo(200);
		assertThat(Http.json(result.responseBody()).get("id").asString()).isEqualTo(event.id());
		IngestDelivery delivery = onlyDelivery();
		assertThat(delivery.channel()).isEqualTo(Channel.INGEST);
		assertThat(delivery.id()).isEqualTo(event.id());
		assertThat(delivery.event().type()).isEqualTo("order.created");
		assertThat(delivery.event().source()).isEqualTo("shop");
		assertThat(delivery.event().identity()).isEqualTo(event.identity());
		assertThat(delivery.event().data().get("total").asDouble()).isEqualTo(99.9);
		assertThat(delivery.event().occurredAt()).isEqualTo(event.occurredAt());
		assertThat(delivery.partitionKey()).isEqualTo("cus_1");
		assertThat(delivery.context().receivedAt()).isEqualTo(NOW);
	}

	@Test
	void acknowledgesARepeatedEventWithoutDeliveringItAgain() {
		CanonicalEvent event = order();
		EventsClient client = client(OLD_SECRET);
		assertThat(client.send(event).outcome()).isEqualTo(Outcome.DELIVERED);
		SendResult again = client.send(event);
		assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
		assertThat(Http.json(again.responseBody()).get("status").asString()).isEqualTo("duplicate");

		CanonicalEvent fresh = order();
		SendResult batch = client.sendBatch(List.of(event, fresh));
		assertThat(batch.outcome()).isEqualTo(Outcome.DELIVERED);
		JsonNode body = Http.json(batch.responseBody());
		assertThat(body.get("delivered").asInt()).isEqualTo(1);
		assertThat(body.get("duplicates").asInt()).isEqualTo(1);
		assertThat(body.get("events").get(0).get("status").asString()).isEqualTo("duplicate");
		assertThat(body.get("events").get(1).get("status").asString()).isEqualTo("delivered");
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly(event.id(), fresh.id());
	}

	@Test
	void acknowledgesARepeatedRequestByItsWebhookId() {
		byte[] body = event("evt_msg_1", "order.paid").getBytes(StandardCharsets.UTF_8);
		assertThat(post("msg_1", NOW.getEpochSecond(), body, body).statusCode()).isEqualTo(200);
		// Same webhook-id, another event id: the request as a whole was already accepted.
		byte[] other = event("evt_msg_2", "order.paid").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> repeat = post("msg_1", NOW.getEpochSecond(), other, other);
		assertThat(repeat.statusCode()).isEqualTo(200);
		assertThat(Http.json(repeat).get("status").asString()).isEqualTo("duplicate");
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly("evt_msg_1");
	}

	@Test
	void acceptsEitherSecretWhileTheyAreRotated() {
		assertThat(client(OLD_SECRET).send(order()).outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(client(NEW_SECRET).send(order()).outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(this.handler.deliveries()).hasSize(2);
	}

	@Test
	void refusesAnotherSecretWith401AndTheClientDoesNotRetry() {
		SendResult result = client(WebhookSignature.generateSecret()).send(order());
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.status()).isEqualTo(401);
		assertThat(result.attempts()).isEqualTo(1);
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void acceptsTimestampsAtTheToleranceAndRefusesOneSecondBeyond() {
		byte[] body = event("evt_edge_1", "order.paid").getBytes(StandardCharsets.UTF_8);
		assertThat(post("msg_edge_1", NOW.getEpochSecond() - 300, body, body).statusCode()).isEqualTo(200);
		byte[] late = event("evt_edge_2", "order.paid").getBytes(StandardCharsets.UTF_8);
		assertThat(post("msg_edge_2", NOW.getEpochSecond() + 300, late, late).statusCode()).isEqualTo(200);
		byte[] stale = event("evt_edge_3", "order.paid").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> refused = post("msg_edge_3", NOW.getEpochSecond() - 301, stale, stale);
		assertProblem(refused, 401, "timestamp-out-of-tolerance", null);
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly("evt_edge_1", "evt_edge_2");
	}

	@Test
	void refusesATamperedBody() {
		byte[] signed = event("evt_t", "order.paid").getBytes(StandardCharsets.UTF_8);
		byte[] tampered = event("evt_t", "order.refunded").getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = post("msg_t", NOW.getEpochSecond(), signed, tampered);
		assertProblem(response, 401, "signature-mismatch", null);
		assertThat(Http.json(response).get("detail").asString()).doesNotContain("whsec_");
		assertThat(this.handler.deliveries()).isEmpty();
	}

	@Test
	void refusesARequestWithoutSignatureHeaders() {
		HttpResponse<String> response = this.http.postJson("/events/ingest", event("evt_u", "order.paid"));
		assertProblem(response, 401, "signature-header-missing", null);
		assertThat(Http.json(response).get("detail").asString()).contains("webhook-id");
	}

	@Test
	void refusesUnknownTypesBeforeDeliveringAnyEventOfTheBatch() {
		String batch = "{\"events\":[" + event("evt_k1", "order.paid") + "," + event("evt_k2", "order.teleported")
				+ "]}";
		HttpResponse<String> response = post("msg_k", batch);
		assertProblem(response, 422, "unknown-event-type", "events[1].type");
		assertThat(this.handler.deliveries()).isEmpty();
		// Refused events were not remembered: once fixed, the same ids are delivered.
		String fixed = "{\"events\":[" + event("evt_k1", "order.paid") + "," + event("evt_k2", "loyalty.points_earned")
				+ "]}";
		assertThat(post("msg_k2", fixed).statusCode()).isEqualTo(200);
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly("evt_k1", "evt_k2");
	}

	@Test
	void namesTheFieldOfAnInvalidEvent() {
		String body = "{\"id\":\"evt_f\",\"type\":\"order.paid\",\"occurred_at\":\"yesterday\",\"source\":\"shop\"}";
		assertProblem(post("msg_f", body), 422, "invalid-field", "occurred_at");
		assertProblem(post("msg_f2", "{\"id\":\"evt_f\",\"type\":\"order.paid\",\"source\":\"shop\"}"), 422,
				"missing-field", "occurred_at");
		assertProblem(post("msg_f3", "{\"id\":"), 400, "malformed-json", null);
	}

	@Test
	void refusesABatchLargerThanConfigured() {
		String event = event("evt_b", "order.paid");
		String batch = "{\"events\":[" + String.join(",", List.of(event, event, event, event)) + "]}";
		assertProblem(post("msg_b", batch), 413, "batch-too-large", "events");
	}

	@Test
	void correctsTheSendersClockSkewAndKeepsTheOriginalTime() {
		// The sender's clock is an hour behind: it saw the event happen, then sent it 10s later.
		Instant occurred = NOW.minus(Duration.ofHours(1)).minusSeconds(10);
		Instant sent = NOW.minus(Duration.ofHours(1));
		String body = "{\"id\":\"evt_s\",\"type\":\"payment.succeeded\",\"source\":\"billing\",\"occurred_at\":\""
				+ occurred + "\",\"sent_at\":\"" + sent + "\"}";
		assertThat(post("msg_s", body).statusCode()).isEqualTo(200);
		IngestDelivery delivery = onlyDelivery();
		assertThat(delivery.timestamp()).isEqualTo(NOW.minusSeconds(10));
		assertThat(delivery.event().occurredAt()).isEqualTo(occurred);
		assertThat(delivery.wireData().get("occurred_at").asString()).isEqualTo(occurred.toString());
	}

	@Test
	void forgetsAnEventWhoseHandlerFailedSoThatTheRetryIsDelivered() {
		String body = event("evt_h", "order.paid");
		this.handler.failWith(new IllegalStateException("database down"));
		assertProblem(post("msg_h", body), 500, "handler-failed", null);
		this.handler.failWith(null);
		HttpResponse<String> retry = post("msg_h", body);
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(Http.json(retry).get("status").asString()).isEqualTo("delivered");
		assertThat(this.handler.deliveries()).extracting(Delivery::id).containsExactly("evt_h");
	}

	private IngestDelivery onlyDelivery() {
		assertThat(this.handler.deliveries()).hasSize(1);
		return (IngestDelivery) this.handler.deliveries().get(0);
	}

	private static String event(String id, String type) {
		return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"occurred_at\":\"2025-05-01T10:15:30Z\","
				+ "\"source\":\"shop\",\"identity\":{\"id\":\"cus_1\"},\"data\":{\"total\":5}}";
	}

	private HttpResponse<String> post(String messageId, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return post(messageId, NOW.getEpochSecond(), bytes, bytes);
	}

	private HttpResponse<String> post(String messageId, long timestamp, byte[] signed, byte[] sent) {
		String signature = WebhookSignature.of(NEW_SECRET).sign(messageId, timestamp, signed);
		HttpRequest request = this.http.request("/events/ingest")
			.header("Content-Type", "application/json")
			.header("webhook-id", messageId)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", signature)
			.POST(BodyPublishers.ofByteArray(sent))
			.build();
		return this.http.send(request);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String reason, String field) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = Http.json(response);
		assertThat(problem.get("reason").asString()).isEqualTo(reason);
		assertThat(problem.get("type").asString()).isEqualTo("urn:unisights:problem:" + reason);
		if (field != null) {
			assertThat(problem.get("field").asString()).isEqualTo(field);
		}
		else {
			assertThat(problem.has("field")).isFalse();
		}
	}

}
