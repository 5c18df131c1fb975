package io.unisights.spring.test.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.SdkBeacon;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asynchronous example of docs/testing.md, plus a check that the application's own handler ran
 * before the recording handler saw the beacon.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "unisights.delivery.mode=async")
@Import(RecordingEventHandler.class)
class AsyncDeliveryTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordingEventHandler recorded;

	@Autowired
	PageViewCounter counter;

	@Test
	void deliversTheQueuedBeacon() throws Exception {
		SdkBeacon beacon = SdkBeacon.builder().pageUrl("https://shop.example.com/").pageView("Home").build();

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/events"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(beacon.plainBody()))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(202);
		List<BeaconDelivery> delivered = this.recorded.awaitBeacons(1, Duration.ofSeconds(10));
		assertThat(delivered.get(0).payload().sessionId()).isEqualTo(beacon.sessionId());
		assertThat(this.counter.views("https://shop.example.com/")).isEqualTo(1);
	}

}
