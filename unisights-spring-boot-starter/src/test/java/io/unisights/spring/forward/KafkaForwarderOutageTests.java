package io.unisights.spring.forward;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingTestApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker goes away mid-stream: what it acknowledged is in Kafka, what it could not take
 * is retried and then dead-lettered, and nothing accepted is missing from both.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RecordingTestApplication.class,
		properties = { "unisights.forward.kafka.topic=outage", "unisights.forward.kafka.send-timeout=2s",
				"unisights.delivery.mode=async", "unisights.delivery.retry.max-attempts=2",
				"unisights.delivery.retry.initial-backoff=50ms", "unisights.delivery.retry.max-backoff=100ms" })
class KafkaForwarderOutageTests {

	private static final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "outage");

	@TempDir
	static Path folder;

	@LocalServerPort
	private int port;

	@Autowired
	private JsonlDeadLetterFile deadLetters;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		broker.afterPropertiesSet();
		registry.add("unisights.forward.kafka.bootstrap-servers", broker::getBrokersAsString);
		registry.add("unisights.delivery.dead-letter.path", () -> folder.resolve("dead.jsonl").toString());
	}

	@Test
	void whatTheBrokerCannotTakeIsDeadLetteredAndNothingIsLost() throws InterruptedException {
		Http http = new Http(this.port);
		Set<String> before = post(http, 5);
		List<ConsumerRecord<String, byte[]>> consumed = KafkaForwarderTests.consume(broker.getBrokersAsString(), "outage", 5);
		assertThat(consumed).extracting((record) -> Http.json(new String(record.value())).get("id").asString())
			.containsExactlyInAnyOrderElementsOf(before);

		broker.destroy();
		Set<String> during = post(http, 5);

		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (this.deadLetters.count() < during.size() && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		List<DeadLetter<Receipt>> letters = this.deadLetters.read();
		assertThat(letters).extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(during);
		assertThat(letters).allSatisfy((letter) -> {
			assertThat(letter.attempts()).isEqualTo(2);
			assertThat(letter.error()).contains("Kafka");
			assertThat(letter.payload().get("session_id").asString()).isNotBlank();
		});
	}

	private static Set<String> post(Http http, int count) {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < count; i++) {
			String body = """
					{"encrypted":false,"data":{"asset_id":"site","session_id":"%s","page_url":"https://example.com/",
					"events":[{"type":"page_view","data":{"location":"https://example.com/","timestamp":1763900000000}}]}}
					""".formatted(UUID.randomUUID());
			var response = http.postJson("/events", body);
			assertThat(response.statusCode()).isEqualTo(202);
			ids.add(Http.json(response).get("id").asString());
		}
		return ids.stream().collect(Collectors.toSet());
	}

}
