package io.unisights.spring.delivery;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.spring.delivery.process.ApplicationProcess;
import io.unisights.spring.test.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of 1 MB beacons, each a long array of empty objects that costs many times its
 * size as a JSON tree, sent to a host application with a small heap whose handler is
 * stuck: past the store's bound the answer is 503 with {@code Retry-After}, and the
 * server keeps answering.
 */
class DeliveryMemoryBoundTests {

	private static final int BEACONS = 40;

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(strings = { "memory", "jdbc" })
	void refusesLargeBeaconsPastTheStoreBoundAndStaysAlive(String store) throws Exception {
		List<String> properties = new ArrayList<>(List.of("-Xmx384m", "unisights.delivery.mode=async",
				"unisights.delivery.store=" + store, "unisights.delivery.workers=2",
				"unisights.delivery.retry-after=9s", "test.handler-delay=600000",
				"unisights.delivery.queue-max-size=24MB", "unisights.delivery.jdbc.max-size=24MB",
				"spring.datasource.url=jdbc:h2:file:" + this.temp.resolve("db").toAbsolutePath()
						+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
		try (ApplicationProcess app = ApplicationProcess.start(this.temp, store, this.temp.resolve("records"),
				properties)) {
			Http http = new Http(app.port());
			int accepted = 0;
			int refused = 0;
			for (int n = 0; n < BEACONS; n++) {
				HttpResponse<String> response = http.postJson("/events", largeBeacon(n));
				if (response.statusCode() == 202) {
					accepted++;
				}
				else {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
					assertThat(response.headers().firstValue("Retry-After")).hasValue("9");
					assertThat(Http.json(response).get("reason").asString()).isEqualTo("queue-full");
					refused++;
				}
			}
			// Two items with the stuck handlers, 24 MB of 1 MB items waiting: the rest refused.
			assertThat(accepted).isBetween(20, 30);
			assertThat(refused).isEqualTo(BEACONS - accepted);
			HttpResponse<String> small = http.postJson("/events", Beacons.body(1));
			assertThat(small.statusCode()).as("still answering").isIn(202, 503);
			HttpResponse<String> health = http.send(http.request("/actuator/health").build());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(app.log()).doesNotContain("OutOfMemoryError");
		}
	}

	/** A beacon of nearly 1 MB (the default payload limit) whose device_info holds 330,000 {}. */
	static String largeBeacon(int n) {
		String filler = "{},".repeat(330_000) + "{}";
		return Beacons.body(n).replace("\"os\":\"Linux\"}", "\"os\":\"Linux\",\"plugins\":[" + filler + "]}");
	}

}
