package io.unisights.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.unisights.spring.test.SdkBeacon;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The curl examples of sample-app/README.md, run against the sample app over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void readmeExamplesReachTheHandlerAndAreListedInWireForm() throws Exception {
		HttpResponse<String> plain = post("/events", Files.readString(Path.of("examples/plain-beacon.json")));
		HttpResponse<String> encrypted = post("/events", Files.readString(Path.of("examples/encrypted-beacon.json")));
		assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
		assertThat(encrypted.statusCode()).as(encrypted.body()).isEqualTo(200);

		JsonNode received = get("/sample/received?limit=2");

		assertThat(received).hasSize(2);
		JsonNode first = received.get(0);
		assertThat(first.get("channel").asString()).isEqualTo("beacon");
		assertThat(first.get("received_at").asString()).isNotBlank();
		assertThat(first.get("data"))
			.isEqualTo(mapper.readTree(Path.of("examples/plain-beacon.json").toFile()).get("data"));
		JsonNode second = received.get(1);
		assertThat(second.get("data")).isEqualTo(mapper.readTree(Path.of("examples/plain-data.json").toFile()));
	}

	@Test
	void limitsTheListToTheMostRecentItemsOldestFirst() throws Exception {
		for (int i = 0; i < 3; i++) {
			String body = SdkBeacon.builder().pageView("Shop").timeOnPage(i).build().plainBody();
			assertThat(post("/events", body).statusCode()).isEqualTo(200);
		}

		JsonNode received = get("/sample/received?limit=2");

		assertThat(received).hasSize(2);
		assertThat(received.get(0).get("data").get("time_on_page").asInt()).isEqualTo(1);
		assertThat(received.get(1).get("data").get("time_on_page").asInt()).isEqualTo(2);
	}

	@Test
	void listsEachItemsRequestContextWithItsVerdictAndPrivacySignals() throws Exception {
		// Two different bodies: the sample suppresses a repeated body as a duplicate.
		String fromCurl = SdkBeacon.builder().pageView("Shop").timeOnPage(11).build().plainBody();
		String fromChrome = SdkBeacon.builder().pageView("Shop").timeOnPage(12).build().plainBody();
		assertThat(post("/events", fromCurl, "User-Agent", "curl/8.5.0").statusCode()).isEqualTo(200);
		assertThat(post("/events", fromChrome, "User-Agent", CHROME, "Sec-GPC", "1").statusCode()).isEqualTo(200);

		JsonNode received = get("/sample/received?limit=2");

		JsonNode curl = received.get(0).get("context");
		assertThat(curl.get("client_ip").asString()).isEqualTo("127.0.0.1");
		assertThat(curl.get("user_agent").asString()).isEqualTo("curl/8.5.0");
		assertThat(curl.get("visitor_id").asString()).hasSize(22);
		assertThat(curl.get("automation").get("verdict").asString()).isEqualTo("automated");
		assertThat(curl.get("automation").get("reason").asString()).isEqualTo("http-library");
		assertThat(curl.get("privacy_signals")).isEmpty();
		JsonNode person = received.get(1).get("context");
		// GPC is anonymized by default: the address truncated, the user agent reduced.
		assertThat(person.get("client_ip").asString()).isEqualTo("127.0.0.0");
		assertThat(person.get("user_agent").asString()).isEqualTo("Chrome/131 (Linux; desktop)");
		assertThat(person.get("automation").isNull()).isTrue();
		assertThat(person.get("privacy_signals")).hasSize(1);
		assertThat(person.get("privacy_signals").get(0).asString()).isEqualTo("gpc");
	}

	/** What SdkBeacon's device_info reports, so that header and SDK agree. */
	private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	private HttpResponse<String> post(String path, String json, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		for (int i = 0; i < headers.length; i += 2) {
			request.setHeader(headers[i], headers[i + 1]);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.header("Authorization", DemoLogin.authorization())
					.GET()
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return mapper.readTree(response.body());
	}

}
