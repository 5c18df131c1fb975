package io.unisights.spring.forward;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.unisights.deadletter.DeadLetter;
import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.forward.WebhookReceiver.Received;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.RecordingTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Beacons forwarded to a local receiver that checks every signature and fails on purpose:
 * 5xx and 429 are retried with the same {@code webhook-id}, a 4xx is dead-lettered at once,
 * and 410 switches the forwarder off for good.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RecordingTestApplication.class,
		properties = { "unisights.delivery.mode=async", "unisights.delivery.retry.max-attempts=4",
				"unisights.delivery.retry.initial-backoff=20ms", "unisights.delivery.retry.max-backoff=50ms",
				"unisights.forward.webhook.timeout=5s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookForwarderTests {

	private static final String SECRET = WebhookSignature.generateSecret();

	private static final WebhookReceiver receiver = start();

	@TempDir
	static Path folder;

	@LocalServerPort
	private int port;

	@Autowired
	private JsonlDeadLetterFile deadLetters;

	@Autowired
	private WebhookForwarder forwarder;

	@Autowired
	private RecordingEventHandler handler;

	private Http http;

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) {
		registry.add("unisights.forward.webhook.url", () -> receiver.url().toString());
		registry.add("unisights.forward.webhook.secret", () -> SECRET);
		registry.add("unisights.delivery.dead-letter.path", () -> folder.resolve("dead.jsonl").toString());
	}

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	@Order(1)
	void retriesServerErrorsAndRateLimitsWithTheSameSignedId() throws InterruptedException {
		receiver.thenAnswer(503, -1).thenAnswer(429, 1).thenAnswer(500, -1);
		String id = postBeacon();
		List<Received> attempts = awaitAttempts(id, 4);
		assertThat(attempts).extracting(Received::answered).containsExactly(503, 429, 500, 200);
		assertThat(attempts).allSatisfy((attempt) -> {
			assertThat(attempt.authentic()).isTrue();
			assertThat(attempt.body().get("id").asString()).isEqualTo(id);
			assertThat(attempt.body().get("channel").asString()).isEqualTo("beacon");
		});
		assertThat(this.deadLetters.count()).isZero();
	}

	@Test
	@Order(2)
	void deadLettersAClientErrorWithoutRetrying() throws InterruptedException {
		receiver.thenAnswer(400, -1);
		String id = postBeacon();
		awaitDeadLetters(1);
		assertThat(receiver.received()).filteredOn((received) -> received.webhookId().equals(id)).hasSize(1);
		assertThat(this.deadLetters.read()).extracting(DeadLetter::id).containsExactly(id);
		assertThat(this.deadLetters.read().get(0).attempts()).isEqualTo(1);
	}

	@Test
	@Order(3)
	void goneDisablesTheForwarderAndKeepsWhatFollowsForReplay() throws InterruptedException {
		receiver.thenAnswer(410, -1);
		String gone = postBeacon();
		awaitDeadLetters(2);
		assertThat(this.forwarder.isDisabled()).isTrue();
		int requestsSoFar = receiver.received().size();
		String after = postBeacon();
		awaitDeadLetters(3);
		assertThat(receiver.received()).hasSize(requestsSoFar);
		assertThat(this.deadLetters.read()).extracting(DeadLetter::id).endsWith(gone, after);
		assertThat(this.handler.deliveries()).extracting((delivery) -> delivery.id()).contains(gone, after);
	}

	@Test
	void refusesUrlsThatAreNotHttp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookForwarder(URI.create("file:///etc/passwd"), SECRET, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WebhookForwarder(URI.create("gopher://127.0.0.1/"), SECRET, Duration.ofSeconds(1)));
	}

	@Test
	void readsRetryAfterAsSecondsOrAnHttpDate() {
		assertThat(this.forwarder.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
		assertThat(this.forwarder.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
		assertThat(this.forwarder.retryAfter("soon")).isNull();
		assertThat(this.forwarder.retryAfter(null)).isNull();
	}

	private String postBeacon() {
		String body = """
				{"encrypted":false,"data":{"asset_id":"site","session_id":"%s","page_url":"https://example.com/",
				"events":[{"type":"page_view","data":{"location":"https://example.com/","timestamp":1763900000000}}]}}
				""".formatted(UUID.randomUUID());
		var response = this.http.postJson("/events", body);
		assertThat(response.statusCode()).isEqualTo(202);
		return Http.json(response).get("id").asString();
	}

	private static List<Received> awaitAttempts(String id, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		List<Received> attempts;
		do {
			Thread.sleep(50);
			attempts = receiver.received().stream().filter((received) -> id.equals(received.webhookId())).toList();
		}
		while (attempts.size() < count && System.nanoTime() < deadline);
		return attempts;
	}

	private void awaitDeadLetters(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.deadLetters.count() < count && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(this.deadLetters.count()).isEqualTo(count);
	}

	private static WebhookReceiver start() {
		try {
			return new WebhookReceiver(SECRET);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
