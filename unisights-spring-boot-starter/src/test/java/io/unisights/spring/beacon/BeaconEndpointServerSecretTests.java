package io.unisights.spring.beacon;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.RecordingTestApplication;
import io.unisights.spring.test.SharedVectors;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The beacon endpoint configured with a server secret, as the vectors that carry one
 * require: beacons keyed with the secret pass, beacons keyed without it do not.
 */
@SpringBootTest(classes = RecordingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BeaconEndpointServerSecretTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	@DynamicPropertySource
	static void serverSecret(DynamicPropertyRegistry registry) {
		String secret = vectorsWithServerSecret().map((v) -> v.get("server_secret").asString())
			.distinct()
			.reduce((a, b) -> {
				throw new IllegalStateException("Vectors use several server secrets: " + a + ", " + b);
			})
			.orElseThrow();
		registry.add("unisights.collect.server-secret", () -> secret);
	}

	@BeforeEach
	void reset() {
		this.handler.reset();
	}

	static Stream<JsonNode> vectorsWithServerSecret() {
		return SharedVectors.vectors("unisights-encryption.json").stream().filter((v) -> v.has("server_secret"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectorsWithServerSecret")
	void answersEveryServerSecretVectorAsThePeerDid(JsonNode vector) {
		HttpResponse<String> response = new Http(this.port).postJson("/events", vector.get("body").toString());

		BeaconEndpointTests.assertVectorOutcome(vector, response, this.handler);
	}

	@Test
	void coversBothOutcomesOfTheServerSecret() {
		assertThat(vectorsWithServerSecret().map((v) -> v.get("expect").get("status").asInt()))
			.contains(200, 422);
	}

}
