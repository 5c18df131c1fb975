package io.unisights.spring.delivery;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator as a host configures it by default: the dead-letter endpoint only reads
 * until its access is widened, and the delivery health can be put into a group of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = RecordingTestApplication.class,
		properties = { "management.endpoints.web.exposure.include=health,unisightsdeadletter",
				"management.endpoint.health.group.delivery.include=unisightsDelivery",
				"management.endpoint.health.group.delivery.show-details=always" })
class DeadLetterEndpointAccessTests {

	@TempDir
	static Path folder;

	@DynamicPropertySource
	static void deadLetterPath(DynamicPropertyRegistry registry) {
		registry.add("unisights.delivery.dead-letter.path", () -> folder.resolve("letters.jsonl").toString());
	}

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@Test
	void describesTheFileButRefusesReplayByDefault() {
		HttpResponse<String> summary = this.http.send(this.http.request("/actuator/unisightsdeadletter").build());
		HttpResponse<String> replay = this.http.send(
				this.http.request("/actuator/unisightsdeadletter").POST(BodyPublishers.noBody()).build());

		assertThat(summary.statusCode()).isEqualTo(200);
		assertThat(Http.json(summary).get("items").asInt()).isZero();
		assertThat(replay.statusCode()).isEqualTo(405);
	}

	@Test
	void deliveryHealthCanBeAGroupOfItsOwn() {
		HttpResponse<String> group = this.http.send(this.http.request("/actuator/health/delivery").build());
		HttpResponse<String> root = this.http.send(this.http.request("/actuator/health").build());

		assertThat(group.statusCode()).isEqualTo(200);
		assertThat(Http.json(group).get("status").asString()).isEqualTo("UP");
		assertThat(Http.json(group).get("components").get("unisightsDelivery").get("details").get("mode").asString())
			.isEqualTo("sync");
		// Details stay hidden where the host did not ask for them (Boot's default).
		assertThat(Http.json(root).has("components")).isFalse();
		assertThat(root.body()).doesNotContain("letters.jsonl");
	}

}
