package io.unisights.spring.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.unisights.spring.delivery.DeliveryMetrics.Counter;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Asynchronous delivery over real HTTP: 202 while the queue has room, 503 with
 * {@code Retry-After} once it is full, duplicates acknowledged, and the dead-letter file
 * replayed through the actuator endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.delivery.mode=async", "unisights.delivery.queue-capacity=2",
				"unisights.delivery.workers=1", "unisights.delivery.retry.max-attempts=2",
				"unisights.delivery.retry.initial-backoff=1ms", "unisights.delivery.retry.max-backoff=2ms",
				"unisights.delivery.retry-after=7s", "unisights.delivery.health.dead-letter-window=0s",
				"management.endpoints.web.exposure.include=health,unisightsdeadletter",
				"management.endpoint.unisightsdeadletter.access=unrestricted",
				"management.endpoint.health.show-details=always" })
class AsyncDeliveryEndpointTests {

	private static final Path deadLetterFolder = createTempFolder();

	@DynamicPropertySource
	static void deadLetterPath(DynamicPropertyRegistry registry) {
		registry.add("unisights.delivery.dead-letter.path", () -> deadLetterFolder.resolve("dead.jsonl").toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	FaultyHandler handler;

	@Autowired
	DeliveryMetrics metrics;

	@Autowired
	JsonlDeadLetterFile deadLetters;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		this.handler.reset();
	}

	@Test
	void answers202UntilTheQueueIsFullThen503WithRetryAfter() throws Exception {
		long delivered = this.metrics.total(Counter.DELIVERED);
		this.handler.block();

		HttpResponse<String> first = post(Beacons.body(1));
		this.handler.awaitEntered();
		HttpResponse<String> second = post(Beacons.body(2));
		HttpResponse<String> third = post(Beacons.body(3));
		HttpResponse<String> refused = post(Beacons.body(4));

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(Http.json(first).get("status").asString()).isEqualTo("queued");
		assertThat(second.statusCode()).isEqualTo(202);
		assertThat(third.statusCode()).isEqualTo(202);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(Http.json(refused).get("reason").asString()).isEqualTo("queue-full");
		assertThat(Http.json(refused).get("type").asString()).isEqualTo("urn:unisights:problem:queue-full");
		HttpResponse<String> health = this.http.send(this.http.request("/actuator/health/unisightsDelivery").build());
		assertThat(Http.json(health).get("status").asString()).isEqualTo("OUT_OF_SERVICE");
		assertThat(Http.json(health).get("details").get("queueSize").asInt()).isEqualTo(2);

		this.handler.release();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.metrics.total(Counter.DELIVERED) == delivered + 3);
		assertThat(this.handler.delivered()).containsExactlyInAnyOrder(id(first), id(second), id(third));
		HttpResponse<String> recovered = this.http.send(this.http.request("/actuator/health/unisightsDelivery").build());
		assertThat(Http.json(recovered).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void acknowledgesARepeatedBeaconWithoutDeliveringItTwice() {
		long delivered = this.metrics.total(Counter.DELIVERED);

		HttpResponse<String> first = post(Beacons.body(100));
		HttpResponse<String> repeated = post(Beacons.body(100));

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(repeated.statusCode()).isEqualTo(200);
		assertThat(Http.json(repeated).get("status").asString()).isEqualTo("duplicate");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.metrics.total(Counter.DELIVERED) == delivered + 1);
		assertThat(this.handler.delivered()).containsExactly(id(first));
	}

	@Test
	void replaysTheDeadLetterFileThroughTheActuatorEndpoint() {
		long deadLettered = this.metrics.deadLettered();
		this.handler.failAlways(true);

		HttpResponse<String> accepted = post(Beacons.body(200));

		assertThat(accepted.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.metrics.deadLettered() == deadLettered + 1);
		assertThat(this.handler.attempts(id(accepted))).isEqualTo(2);
		JsonNode summary = Http.json(this.http.send(this.http.request("/actuator/unisightsdeadletter").build()));
		assertThat(summary.get("items").asInt()).isEqualTo(1);
		assertThat(summary.get("path").asString()).isEqualTo(this.deadLetters.path().toString());
		HttpResponse<String> health = this.http.send(this.http.request("/actuator/health").build());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(Http.json(health).get("status").asString()).isEqualTo("UP");
		JsonNode delivery = Http.json(health).get("components").get("unisightsDelivery");
		assertThat(delivery.get("status").asString()).isEqualTo("UP");
		assertThat(delivery.get("details").get("deadLettered").asLong()).isPositive();
		assertThat(delivery.get("details").get("deadLetterFile").asString()).isEqualTo("dead.jsonl");
		assertThat(health.body()).doesNotContain(deadLetterFolder.toString());

		this.handler.failAlways(false);
		HttpResponse<String> replay = this.http.send(this.http.request("/actuator/unisightsdeadletter")
			.POST(BodyPublishers.noBody())
			.build());

		assertThat(replay.statusCode()).isEqualTo(200);
		assertThat(Http.json(replay).get("delivered").asInt()).isEqualTo(1);
		assertThat(Http.json(replay).get("remaining").asInt()).isZero();
		assertThat(Http.json(replay).get("unreadable").asInt()).isZero();
		assertThat(this.handler.delivered()).containsExactly(id(accepted));
		assertThat(this.deadLetters.count()).isZero();
	}

	private HttpResponse<String> post(String body) {
		return this.http.postJson("/events", body);
	}

	private static String id(HttpResponse<String> response) {
		return Http.json(response).get("id").asString();
	}

	private static Path createTempFolder() {
		try {
			Path folder = Files.createTempDirectory("unisights-delivery");
			folder.toFile().deleteOnExit();
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		FaultyHandler faultyHandler() {
			return new FaultyHandler();
		}

	}

}
