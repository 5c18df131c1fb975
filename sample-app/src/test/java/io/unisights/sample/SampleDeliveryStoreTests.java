package io.unisights.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's own delivery settings: asynchronous delivery through the jdbc store on an
 * H2 file with the URL options of application.yml. A beacon is answered 202 once its row
 * is committed, and reaches the sample's handler from there.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "unisights.delivery.mode=async")
class SampleDeliveryStoreTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@DynamicPropertySource
	static void fileDatabase(DynamicPropertyRegistry registry) throws Exception {
		Path folder = Files.createTempDirectory("sample-store-");
		String options = shippedUrlOptions();
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + folder.resolve("db").toAbsolutePath() + options);
	}

	/** The options of application.yml's H2 URL (from the first {@code ;}), read, not copied. */
	private static String shippedUrlOptions() throws Exception {
		String url = new YamlPropertySourceLoader().load("shipped", new ClassPathResource("application.yml"))
			.get(0)
			.getProperty("spring.datasource.url")
			.toString();
		assertThat(url).startsWith("jdbc:h2:file:").contains(";WRITE_DELAY=0");
		return url.substring(url.indexOf(';'));
	}

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void answers202OnceStoredAndDeliversFromTheStore() throws Exception {
		String beacon = Files.readString(Path.of("examples/plain-beacon.json"));
		HttpResponse<String> posted = this.client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/events"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(beacon))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
		String id = mapper.readTree(posted.body()).get("id").asString();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM delivery WHERE id = ?").param(id).query(Long.class)
				.single() == 1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM unisights_delivery").query(Long.class).single() == 0);
		JsonNode stored = mapper.readTree(this.jdbc.sql("SELECT payload FROM delivery WHERE id = ?").param(id)
			.query(String.class).single());
		assertThat(stored).isEqualTo(mapper.readTree(beacon).get("data"));
	}

}
