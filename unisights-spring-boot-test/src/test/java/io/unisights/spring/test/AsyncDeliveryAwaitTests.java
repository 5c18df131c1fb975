package io.unisights.spring.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.BeaconDelivery;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A host's {@code @SpringBootTest} over real HTTP with asynchronous delivery: the answer
 * comes before the handler runs, and the recording handler waits for what follows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.delivery.mode=async", "unisights.delivery.workers=2",
				"unisights.ingest.secrets=" + AsyncDeliveryAwaitTests.INGEST_SECRET })
@Import(RecordingEventHandler.class)
class AsyncDeliveryAwaitTests {

	static final String INGEST_SECRET = "whsec_YXN5bmMtaW5nZXN0LXNlY3JldC0wMTIzNDU2Nzg5";

	@TempDir
	static Path folder;

	@DynamicPropertySource
	static void deadLetterPath(DynamicPropertyRegistry registry) {
		registry.add("unisights.delivery.dead-letter.path", () -> folder.resolve("dead-letters.jsonl").toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeEach
	void reset() {
		this.handler.reset();
	}

	@Test
	void awaitsBeaconsThatAreDeliveredAfterTheAnswer() throws Exception {
		List<SdkBeacon> sent = List.of(SdkBeacon.builder().pageView("One").build(),
				SdkBeacon.builder().pageView("Two").build(), SdkBeacon.builder().pageView("Three").build());
		for (SdkBeacon beacon : sent) {
			HttpResponse<String> response = post(beacon.encryptedBody());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}

		List<BeaconDelivery> beacons = this.handler.awaitBeacons(3, Duration.ofSeconds(30));

		assertThat(beacons).extracting((beacon) -> beacon.payload().sessionId())
			.containsExactlyInAnyOrderElementsOf(sent.stream().map(SdkBeacon::sessionId).toList());
	}

	@Test
	void awaitsSignedServerEvents() throws Exception {
		SignedIngestRequest request = SignedIngestRequest.builder(INGEST_SECRET)
			.event(CanonicalEvent.builder("customer.created").id("evt_async").source("crm").build())
			.build();

		HttpResponse<String> response = this.client.send(
				request.toHttpRequest(URI.create("http://127.0.0.1:" + this.port + "/events/ingest")),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(this.handler.awaitIngested(1, Duration.ofSeconds(30))).singleElement()
			.satisfies((event) -> assertThat(event.id()).isEqualTo("evt_async"));
	}

	@Test
	void failsWithWhatArrivedWhenTooFewArriveInTime() throws Exception {
		assertThat(post(SdkBeacon.builder().pageView("Only").build().plainBody()).statusCode()).isEqualTo(202);
		this.handler.awaitBeacons(1, Duration.ofSeconds(30));

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.handler.awaitBeacons(2, Duration.ofMillis(50)))
			.withMessageContaining("Expected at least 2 BeaconDelivery")
			.withMessageContaining("but 1 arrived")
			.withMessageContaining("BEACON:");
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/events"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
