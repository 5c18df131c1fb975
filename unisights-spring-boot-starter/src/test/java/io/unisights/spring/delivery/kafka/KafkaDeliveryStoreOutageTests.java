package io.unisights.spring.delivery.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.test.Http;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The brokers cannot be reached: requests are answered 503 with Retry-After within the
 * send timeout, never 202, and the store reports itself down.
 */
class KafkaDeliveryStoreOutageTests {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	/** The send timeout, and what a loaded machine adds to an HTTP exchange. */
	private static final Duration BOUND = SEND_TIMEOUT.plusSeconds(3);

	@TempDir
	Path temp;

	@Test
	void answers503WithRetryAfterWithinTheSendTimeoutAndReportsDownWhileNoBrokerAnswers() throws Exception {
		int port = freePort();
		String topic = "outage-" + UUID.randomUUID();
		try (ConfigurableApplicationContext context = KafkaDeliveryStoreTests.start("127.0.0.1:" + port, "one", topic,
				"outage", this.temp, "unisights.delivery.kafka.send-timeout=" + SEND_TIMEOUT.toMillis() + "ms",
				"unisights.delivery.kafka.recheck-interval=200ms", "unisights.delivery.retry-after=7s")) {
			Http http = new Http(KafkaDeliveryStoreTests.port(context));
			HealthIndicator health = context.getBean("unisightsDeliveryHealthIndicator", HealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.health().getDetails().get("storeProblem")).asString().contains("TimeoutException");
			assertRefused(http, 10);
		}
	}

	private static void assertRefused(Http http, int count) {
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = http.postJson("/events", KafkaStoreTestApplication.beacon());
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
			assertThat(took).isLessThan(BOUND);
			assertThat(response.body()).doesNotContain("\"id\"");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
