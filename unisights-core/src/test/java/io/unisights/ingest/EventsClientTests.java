package io.unisights.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.unisights.deadletter.DeadLetter;
import io.unisights.retry.RetryAfter;

import io.unisights.ingest.FlakyServer.Received;
import io.unisights.ingest.FlakyServer.Response;
import io.unisights.ingest.SendResult.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventsClientTests {

	static final String SECRET = WebhookSignatureTests.SECRET;

	static final Duration CAP = Duration.ofMillis(20);

	private final FlakyServer server = new FlakyServer(WebhookSignature.of(SECRET));

	private final List<Duration> sleeps = new ArrayList<>();

	@TempDir
	Path temp;

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	private EventsClient.Builder client(int maxAttempts) {
		return EventsClient.builder()
			.baseUrl(this.server.baseUrl())
			.secret(SECRET)
			.timeout(Duration.ofSeconds(10))
			.maxAttempts(maxAttempts)
			.backoff(Duration.ofMillis(5), CAP)
			.sleeper(this.sleeps::add);
	}

	private static CanonicalEvent order() {
		return CanonicalEvent.builder("order.created")
			.source("shop")
			.identity(new Identity("cus_1", "jane@example.com", null, java.util.Map.of()))
			.data("total", 99.9)
			.build();
	}

	@Test
	void retriesUnavailableServerUnderTheSameIdUntilDelivered() {
		this.server.then(Response.status(503, "{}"), 2);
		CanonicalEvent event = order();
		SendResult result = client(5).build().send(event);

		assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(result.attempts()).isEqualTo(3);
		assertThat(result.messageId()).isEqualTo(event.id());
		assertThat(this.server.received()).hasSize(3).allSatisfy((received) -> {
			assertThat(received.authentic()).isTrue();
			assertThat(received.messageId()).isEqualTo(event.id());
			JsonNode body = json(received.body());
			assertThat(body.get("id").asString()).isEqualTo(event.id());
			assertThat(body.has("sent_at")).isTrue();
		});
		assertThat(this.sleeps).hasSize(2);
		assertThat(this.sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(5));
		assertThat(this.sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(10));
	}

	@Test
	void waitsAsLongAsRetryAfterAsks() {
		this.server.then(Response.status(429, "{}", "1"), 1);
		SendResult result = client(3).build().send(order());
		assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(result.attempts()).isEqualTo(2);
		// The jittered backoff is at most 5ms here, so the wait is what the server asked.
		assertThat(this.sleeps).containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void givesUpWhenRetryAfterIsLongerThanItWaits() {
		this.server.then(Response.status(503, "{}", "3600"), 1);
		SendResult result = client(3).maxRetryAfter(Duration.ofSeconds(30)).build().send(order());
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.attempts()).isEqualTo(1);
		assertThat(result.error()).contains("HTTP 503", "3600s");
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void retriesADroppedConnection() {
		this.server.then(Response.drop(), 2);
		CanonicalEvent event = order();
		SendResult result = client(3).build().send(event);
		assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(result.attempts()).isEqualTo(3);
		assertThat(this.server.received()).extracting(Received::messageId).containsOnly(event.id());
	}

	@Test
	void neverRetriesOtherClientErrors() {
		this.server.then(Response.status(422, "{\"detail\":\"type is not a known event type\"}"), 1);
		SendResult result = client(5).build().send(order());
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.attempts()).isEqualTo(1);
		assertThat(result.status()).isEqualTo(422);
		assertThat(result.error()).isEqualTo("HTTP 422: type is not a known event type");
		assertThat(this.server.received()).hasSize(1);
	}

	@Test
	void reportsADuplicateAcknowledgement() {
		this.server.then(Response.status(200, "{\"status\":\"duplicate\"}"), 1);
		SendResult result = client(3).build().send(order());
		assertThat(result.outcome()).isEqualTo(Outcome.DUPLICATE);
		assertThat(result.isSuccess()).isTrue();
	}

	@Test
	void deadLettersAfterTheLastAttemptAndReplayDeliversUnderTheSameId() throws Exception {
		Path file = this.temp.resolve("dead/letters.jsonl");
		this.server.then(Response.status(503, "{}"), 3);
		EventsClient client = client(3).deadLetterFile(file).build();
		CanonicalEvent event = order();

		SendResult result = client.send(event);
		assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(result.attempts()).isEqualTo(3);
		assertThat(result.deadLettered()).isTrue();
		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(1);
		DeadLetter<SendFailure> letter = JsonlDeadLetterSink.decode(lines.get(0));
		assertThat(letter.id()).isEqualTo(event.id());
		assertThat(letter.attempts()).isEqualTo(3);
		assertThat(letter.detail().status()).isEqualTo(503);
		assertThat(letter.payload().get("id").asString()).isEqualTo(event.id());
		assertThat(letter.payload().has("sent_at")).isFalse();

		ReplayResult replay = client.replay(file);
		assertThat(replay).isEqualTo(new ReplayResult(1, 0));
		assertThat(file).as("nothing left to replay").doesNotExist();
		assertThat(this.server.received()).hasSize(4).extracting(Received::messageId).containsOnly(event.id());
		assertThat(this.server.received().get(3).authentic()).isTrue();
	}

	@Test
	void replayLeavesOnlyWhatStillFails() throws Exception {
		Path file = this.temp.resolve("letters.jsonl");
		EventsClient client = client(1).deadLetterFile(file).build();
		this.server.otherwise(Response.status(500, "{}"));
		CanonicalEvent first = order();
		CanonicalEvent second = order();
		client.send(first);
		client.sendBatch(List.of(second));
		Files.writeString(file, "not json\n", java.nio.file.StandardOpenOption.APPEND);
		assertThat(Files.readAllLines(file)).hasSize(3);

		// The receiver now takes the first message replayed but still fails the second.
		this.server.then(Response.status(200, "{}"), 1).then(Response.status(503, "{}"), 1);
		ReplayResult replay = client.replay(file);

		assertThat(replay).isEqualTo(new ReplayResult(1, 2));
		List<String> remaining = Files.readAllLines(file);
		assertThat(remaining).hasSize(2).contains("not json");
		DeadLetter<SendFailure> left = JsonlDeadLetterSink.decode(remaining.get(0));
		assertThat(left.id()).startsWith("msg_");
		assertThat(left.attempts()).isEqualTo(2);
		assertThat(left.payload().get("events").get(0).get("id").asString()).isEqualTo(second.id());
	}

	@Test
	void replaysALineWrittenBeforeTheFirstAttemptTimeWasKept() throws Exception {
		Path file = this.temp.resolve("letters.jsonl");
		CanonicalEvent event = order();
		Files.writeString(file, "{\"message_id\":\"msg_old\",\"failed_at\":\"2025-01-01T00:00:00Z\",\"attempts\":3,"
				+ "\"status\":503,\"error\":\"HTTP 503\",\"payload\":"
				+ EventJson.MAPPER.writeValueAsString(CanonicalEventWireFormat.toJson(event)) + "}\n");
		EventsClient client = client(1).deadLetterFile(file).build();

		this.server.then(Response.status(503, "{}"), 1);
		assertThat(client.replay(file)).isEqualTo(new ReplayResult(0, 1));
		DeadLetter<SendFailure> kept = JsonlDeadLetterSink.decode(Files.readAllLines(file).get(0));
		assertThat(kept.id()).isEqualTo("msg_old");
		assertThat(kept.attempts()).isEqualTo(4);
		assertThat(kept.firstAttemptAt()).isEqualTo(java.time.Instant.parse("2025-01-01T00:00:00Z"));
		assertThat(kept.lastAttemptAt()).isAfter(kept.firstAttemptAt());
		assertThat(kept.detail().status()).isEqualTo(503);

		this.server.then(Response.status(200, "{}"), 1);
		assertThat(client.replay(file)).isEqualTo(new ReplayResult(1, 0));
		assertThat(this.server.received()).hasSize(2).extracting(Received::messageId).containsOnly("msg_old");
	}

	@Test
	void sendsABatchUnderOneMessageIdAcrossRetries() {
		this.server.then(Response.status(502, "{}"), 1);
		SendResult result = client(2).build().sendBatch(List.of(order(), order()));
		assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
		assertThat(this.server.received()).hasSize(2)
			.extracting(Received::messageId)
			.containsOnly(result.messageId());
		assertThat(json(this.server.received().get(0).body()).get("events").size()).isEqualTo(2);
	}

	@Test
	void masksPersonalDataInItsLogsUnlessToldNotTo() {
		Logger logger = Logger.getLogger(EventsClient.class.getName());
		List<String> messages = new ArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				messages.add(record.getMessage());
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Level level = logger.getLevel();
		logger.setLevel(Level.ALL);
		logger.addHandler(handler);
		try {
			client(1).build().send(order());
			assertThat(String.join("\n", messages)).contains("Sending message").doesNotContain("jane@example.com");
			messages.clear();
			client(1).redactPii(false).build().send(order());
			assertThat(String.join("\n", messages)).contains("jane@example.com");
		}
		finally {
			logger.removeHandler(handler);
			logger.setLevel(level);
		}
	}

	@Test
	void refusesAnIncompleteConfiguration() {
		assertThatIllegalArgumentException().isThrownBy(() -> EventsClient.builder().secret(SECRET).build())
			.withMessageContaining("baseUrl");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventsClient.builder().baseUrl("http://127.0.0.1:1").build())
			.withMessageContaining("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> client(0).build()).withMessageContaining("maxAttempts");
	}

	@Test
	void signsWithAPrivateKeyThatTheReceiversPublicKeyVerifies() {
		WebhookSignature.KeyPair pair = WebhookSignature.generateKeyPair();
		try (FlakyServer receiver = new FlakyServer(WebhookSignature.of(pair.publicKey()))) {
			EventsClient client = EventsClient.builder()
				.baseUrl(receiver.baseUrl())
				.privateKey(pair.privateKey())
				.maxAttempts(1)
				.build();
			assertThat(client.send(order()).outcome()).isEqualTo(Outcome.DELIVERED);
			EventsClient both = EventsClient.builder()
				.baseUrl(receiver.baseUrl())
				.secret(SECRET)
				.privateKey(pair.privateKey())
				.maxAttempts(1)
				.build();
			assertThat(both.send(order()).outcome()).isEqualTo(Outcome.DELIVERED);
			EventsClient stranger = EventsClient.builder()
				.baseUrl(receiver.baseUrl())
				.privateKey(WebhookSignature.generateKeyPair().privateKey())
				.maxAttempts(1)
				.build();
			assertThat(stranger.send(order()).outcome()).isEqualTo(Outcome.DELIVERED);
			assertThat(receiver.received()).extracting(Received::authentic).containsExactly(true, true, false);
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EventsClient.builder().baseUrl("http://127.0.0.1:1").privateKey("whsk_c2hvcnQ=").build())
			.withMessageContaining("32 bytes");
	}

	@Test
	void readsRetryAfterAsSecondsOrAnHttpDate() {
		// The client reads the header with the project's one parser (RetryAfterTests has the rest).
		java.time.Instant now = java.time.Instant.parse("2025-05-01T10:15:30Z");
		assertThat(RetryAfter.parse("7", now)).isEqualTo(Duration.ofSeconds(7));
		assertThat(RetryAfter.parse("Thu, 01 May 2025 10:16:00 GMT", now)).isEqualTo(Duration.ofSeconds(30));
		assertThat(RetryAfter.parse("Thu, 01 May 2025 10:00:00 GMT", now)).isEqualTo(Duration.ZERO);
		assertThat(RetryAfter.parse("soon", now)).isNull();
		assertThat(RetryAfter.parse(null, now)).isNull();

		this.server.then(Response.status(503, "{}", "Thu, 01 May 2025 10:16:00 GMT"), 1);
		SendResult result = client(2).clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).build().send(order());
		assertThat(result.attempts()).isEqualTo(2);
		assertThat(this.sleeps).containsExactly(Duration.ofSeconds(30));
	}

	private static JsonNode json(String text) {
		return EventJson.MAPPER.readTree(text.getBytes(StandardCharsets.UTF_8));
	}

}
