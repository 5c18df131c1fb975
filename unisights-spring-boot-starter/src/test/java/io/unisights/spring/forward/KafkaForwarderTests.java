package io.unisights.spring.forward;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.unisights.spring.kafka.InProcessKafka;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.RecordingTestApplication;
import io.unisights.spring.test.SharedVectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beacons posted over HTTP come out of a real (in-process, KRaft) Kafka broker as they went
 * in: one record per delivery, keyed by session, valued with the wire form.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RecordingTestApplication.class,
		properties = { "unisights.forward.kafka.topic=unisights-all", "unisights.forward.kafka.topics.beacon=beacons",
				"unisights.forward.kafka.send-timeout=20s" })
class KafkaForwarderTests {

	@RegisterExtension
	static final InProcessKafka broker = new InProcessKafka(3, "beacons",
			"unisights-all");

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingEventHandler handler;

	@Autowired
	private KafkaForwarder forwarder;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("unisights.forward.kafka.bootstrap-servers", broker::servers);
	}

	@Test
	void everyAcceptedBeaconIsConsumedBackAsItWasSent() {
		Http http = new Http(this.port);
		List<JsonNode> accepted = SharedVectors.vectors("unisights-encryption.json")
			.stream()
			.filter((vector) -> vector.get("expect").get("status").asInt() == 200 && !vector.has("server_secret"))
			.toList();
		Map<String, String> sentIds = new HashMap<>();
		for (JsonNode vector : accepted) {
			var response = http.postJson("/events", vector.get("body").toString());
			assertThat(response.statusCode()).isEqualTo(200);
			sentIds.put(Http.json(response).get("id").asString(), vector.get("name").asString());
		}
		List<ConsumerRecord<String, byte[]>> records = consume(broker.servers(), "beacons", accepted.size());
		assertThat(records).hasSize(accepted.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			JsonNode value = Http.json(new String(record.value(), StandardCharsets.UTF_8));
			String id = value.get("id").asString();
			assertThat(sentIds).containsKey(id);
			JsonNode vector = accepted.stream()
				.filter((candidate) -> candidate.get("name").asString().equals(sentIds.get(id)))
				.findFirst()
				.orElseThrow();
			JsonNode expected = vector.get("expect").get("data");
			assertThat(value.get("channel").asString()).isEqualTo("beacon");
			assertThat(value.get("received_at").asString()).isNotBlank();
			assertThat(value.get("data")).isEqualTo(expected);
			assertThat(record.key()).isEqualTo(expected.get("session_id").asString());
			assertThat(header(record, KafkaForwarder.ID_HEADER)).isEqualTo(id);
			assertThat(header(record, KafkaForwarder.CHANNEL_HEADER)).isEqualTo("beacon");
		}
		assertThat(this.handler.deliveries()).hasSize(accepted.size());
	}

	@Test
	void channelsWithoutATopicOfTheirOwnUseTheDefaultTopic() {
		assertThat(this.forwarder.toString()).contains("BEACON=beacons").contains("INGEST=unisights-all");
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	static List<ConsumerRecord<String, byte[]>> consume(String servers, String topic, int expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest");
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (records.size() < expected && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(500)).forEach(records::add);
			}
			// One more poll: anything beyond what was expected would be a duplicate.
			consumer.poll(Duration.ofMillis(500)).forEach(records::add);
		}
		return records;
	}

}
