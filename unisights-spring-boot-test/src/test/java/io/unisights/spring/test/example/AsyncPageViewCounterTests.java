package io.unisights.spring.test.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.SdkBeacon;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "unisights.delivery.mode=async",
				"unisights.delivery.dead-letter.path=target/example-dead-letters.jsonl" })
@Import(RecordingEventHandler.class)
class AsyncPageViewCounterTests {

	@LocalServerPort
	int port;

	@Autowired
	PageViewCounter counter;

	@Autowired
	RecordingEventHandler recorded;

	@Test
	void countsOnceTheQueuedBeaconIsDelivered() throws Exception {
		SdkBeacon beacon = SdkBeacon.builder().pageUrl("https://shop.example.com/").pageView("Home").build();

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/events"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(beacon.plainBody()))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(202);
		this.recorded.awaitBeacons(1, Duration.ofSeconds(10));
		assertThat(this.counter.views("https://shop.example.com/")).isEqualTo(1);
	}

}
