package io.unisights.spring.tracking;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.RecordingTestApplication;
import io.unisights.spring.test.SharedVectors;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every link of {@code vectors/pytracking-links.json}, minted by pytracking 0.2,
 * requested at its own path on the real endpoints, configured as a migrating host would
 * be: the vectors' Fernet key, and unsigned links accepted for the one host they redirect to.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = RecordingTestApplication.class,
		properties = { "unisights.tracking.keys=native-key-0123456789abcdef", "unisights.tracking.open-path=/open",
				"unisights.tracking.click-path=/click",
				"unisights.tracking.pytracking.fernet-keys=y2rWFb0mCBbW6cb0A8Pk8YpXQ8Yhmf2c4Td3iBj0F7E=",
				"unisights.tracking.pytracking.accept-unsigned=true",
				"unisights.tracking.allowed-redirect-hosts=www.example.com" })
class PytrackingEndpointVectorTests {

	static final String FILE = "pytracking-links.json";

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler handler;

	TrackingHttp http;

	static List<JsonNode> vectors() {
		List<JsonNode> vectors = SharedVectors.vectors(FILE);
		for (JsonNode vector : vectors) {
			JsonNode key = vector.get("fernet_key");
			// The endpoints here are configured with one Fernet key: every vector must use it.
			assertThat(key.isNull() || key.asString().equals("y2rWFb0mCBbW6cb0A8Pk8YpXQ8Yhmf2c4Td3iBj0F7E="))
				.as(vector.get("name").asString())
				.isTrue();
		}
		return vectors;
	}

	@BeforeEach
	void setUp() {
		this.http = new TrackingHttp(this.port);
		this.handler.reset();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void answersEachVectorLikePytrackingDecodesIt(JsonNode vector) {
		check(vector, vector.get("link").asString());
	}

	@ParameterizedTest(name = "{0} with a trailing slash")
	@MethodSource("vectors")
	void acceptsEachVectorWithATrailingSlash(JsonNode vector) {
		check(vector, vector.get("link").asString() + "/");
	}

	private void check(JsonNode vector, String link) {
		assertThat(URI.create(link).getPath()).startsWith("/" + vector.get("kind").asString() + "/");
		JsonNode expect = vector.get("expect");

		HttpResponse<byte[]> response = this.http.get(link);

		if (expect.path("rejected").asBoolean(false)) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Location")).isEmpty();
			assertThat(this.handler.deliveries()).isEmpty();
			return;
		}
		assertThat(this.handler.deliveries()).hasSize(1);
		Delivery delivery = this.handler.deliveries().get(0);
		JsonNode wire = Http.json(delivery.wireData().toString());
		assertThat(wire.get("metadata")).isEqualTo(expect.get("metadata"));
		if (expect.get("is_open").asBoolean()) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("image/gif");
			assertThat(new String(response.body(), 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
			assertThat(delivery).isInstanceOfSatisfying(OpenDelivery.class,
					(open) -> assertThat(open.metadata()).isEqualTo(expect.get("metadata")));
			assertThat(wire.get("tracked_url").isNull()).isTrue();
		}
		else {
			String trackedUrl = expect.get("tracked_url").asString();
			assertThat(response.statusCode()).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).hasValue(trackedUrl);
			assertThat(delivery).isInstanceOfSatisfying(ClickDelivery.class, (click) -> {
				assertThat(click.trackedUrl()).isEqualTo(trackedUrl);
				assertThat(click.metadata()).isEqualTo(expect.get("metadata"));
			});
			assertThat(wire.get("tracked_url").asString()).isEqualTo(trackedUrl);
		}
		if (expect.get("webhook_url").isNull()) {
			assertThat(wire.has("webhook_url")).isFalse();
		}
		else {
			assertThat(wire.get("webhook_url").asString()).isEqualTo(expect.get("webhook_url").asString());
		}
		assertThat(wire.get("format").asString())
			.isEqualTo(vector.get("fernet_key").isNull() ? "pytracking-plain" : "pytracking-fernet");
	}

}
