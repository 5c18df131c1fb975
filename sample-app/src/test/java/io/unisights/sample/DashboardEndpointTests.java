package io.unisights.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.EventsClient;
import io.unisights.ingest.SendResult;
import io.unisights.sample.DemoServerConfiguration.DemoPort;
import io.unisights.spring.test.SdkBeacon;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's JSON, its assets and the demo port over real HTTP, without a browser.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DashboardEndpointTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	DemoPort demoPort;

	@Value("${unisights.ingest.secrets[0]}")
	String ingestSecret;

	@Test
	void dashboardSummarisesWhatWasPosted() throws Exception {
		SdkBeacon beacon = SdkBeacon.builder()
			.pageUrl("https://example.com/dashboard-test")
			.pageView("Dashboard test")
			.webVital("LCP", 2500.5, "good")
			.build();
		HttpResponse<String> posted = send(HttpRequest.newBuilder(uri(this.port, "/events"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(beacon.plainBody())));
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

		HttpResponse<String> response = send(loggedIn(uri(this.port, "/sample/dashboard?minutes=15")));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		JsonNode view = mapper.readTree(response.body());
		JsonNode dashboard = view.get("dashboard");
		assertThat(dashboard.get("sessions").asLong()).isPositive();
		assertThat(dashboard.get("timeline")).hasSize(16);
		assertThat(urls(dashboard.get("topPages"))).contains("https://example.com/dashboard-test");
		List<String> vitals = new ArrayList<>();
		dashboard.get("webVitals").forEach((vital) -> vitals.add(vital.get("name").asString()));
		assertThat(vitals).contains("LCP");
		List<String> channels = new ArrayList<>();
		dashboard.get("channels").forEach((channel) -> channels.add(channel.get("channel").asString()));
		assertThat(channels).containsExactly("beacon", "open", "click", "ingest");
		assertThat(view.get("demoUrl").asString()).isEqualTo("http://127.0.0.1:" + this.demoPort.localPort() + "/demo/");
	}

	@Test
	void serverEventsAreStoredAndListedUnderTheirChannel() throws Exception {
		String id = "evt_" + UUID.randomUUID();
		SendResult sent = EventsClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.secret(this.ingestSecret)
			.maxAttempts(1)
			.build()
			.send(CanonicalEvent.builder("order.created").id(id).source("shop").identity("cus_42")
				.data("total", 99.9).build());
		assertThat(sent.isSuccess()).as(String.valueOf(sent)).isTrue();

		JsonNode view = mapper.readTree(send(loggedIn(uri(this.port, "/sample/dashboard"))).body());

		JsonNode ingest = null;
		for (JsonNode channel : view.get("dashboard").get("channels")) {
			if ("ingest".equals(channel.get("channel").asString())) {
				ingest = channel;
			}
		}
		assertThat(ingest).isNotNull();
		assertThat(ingest.get("deliveries").asLong()).isPositive();
		List<String> ids = new ArrayList<>();
		ingest.get("recent").forEach((item) -> ids.add(item.get("id").asString()));
		assertThat(ids).contains(id);
		JsonNode received = mapper.readTree(send(loggedIn(uri(this.port, "/sample/received?limit=1"))).body());
		assertThat(received.get(0).get("channel").asString()).isEqualTo("ingest");
		assertThat(received.get(0).get("data").get("type").asString()).isEqualTo("order.created");
		assertThat(received.get(0).get("data").get("identity").get("id").asString()).isEqualTo("cus_42");
	}

	@Test
	void dashboardPageLoadsChartJsFromItsWebJar() throws Exception {
		HttpResponse<String> page = send(loggedIn(uri(this.port, "/")));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("src=\"/webjars/chart.js/dist/chart.umd.min.js\"").doesNotContain("https://");

		HttpResponse<String> script = send(
				HttpRequest.newBuilder(uri(this.port, "/webjars/chart.js/dist/chart.umd.min.js")));

		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("Chart.js");
	}

	@Test
	void demoPortServesTheDemoPagePointingAtTheCollectorOnTheMainPort() throws Exception {
		int demo = this.demoPort.localPort();
		assertThat(demo).isPositive().isNotEqualTo(this.port);

		HttpResponse<String> page = send(HttpRequest.newBuilder(uri(demo, "/demo/")));
		HttpResponse<String> config = send(HttpRequest.newBuilder(uri(demo, "/demo/config.json")));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<script src=\"/demo/unisights-demo.js\"");
		assertThat(config.statusCode()).isEqualTo(200);
		JsonNode settings = mapper.readTree(config.body());
		assertThat(settings.get("collector").asString()).isEqualTo("http://127.0.0.1:" + this.port + "/events");
		assertThat(settings.get("siteId").asString()).isEqualTo("unisights-demo");
	}

	private static List<String> urls(JsonNode pages) {
		List<String> urls = new ArrayList<>();
		pages.forEach((page) -> urls.add(page.get("url").asString()));
		return urls;
	}

	private static HttpRequest.Builder loggedIn(URI uri) {
		return HttpRequest.newBuilder(uri).header("Authorization", DemoLogin.authorization());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
