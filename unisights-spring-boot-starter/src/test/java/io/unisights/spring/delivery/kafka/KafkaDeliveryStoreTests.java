package io.unisights.spring.delivery.kafka;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.Channel;
import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.ReplayResult;
import io.unisights.spring.delivery.deadletter.DeadLetterEndpoint;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.kafka.InProcessKafka;
import io.unisights.spring.kafka.KafkaClientSettings;
import io.unisights.spring.test.Http;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka store on a real (in-process KRaft) broker, over real HTTP: what is answered
 * 202 reaches the handlers, each item once across a consumer group, and what the handlers
 * refuse goes to the dead-letter topic and is replayed from it.
 */
class KafkaDeliveryStoreTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@RegisterExtension
	static final InProcessKafka broker = new InProcessKafka(1);

	@TempDir
	Path temp;

	@Test
	void deliversEveryBeaconAnswered202FromEightConcurrentSenders() throws Exception {
		String topic = "senders-" + UUID.randomUUID();
		try (ConfigurableApplicationContext context = start("one", topic, "senders")) {
			Http http = new Http(port(context));
			Set<String> accepted = ConcurrentHashMap.newKeySet();
			ExecutorService senders = Executors.newFixedThreadPool(8);
			try {
				List<Future<?>> sent = new ArrayList<>();
				for (int t = 0; t < 8; t++) {
					sent.add(senders.submit(() -> {
						for (int i = 0; i < 50; i++) {
							HttpResponse<String> response = http.postJson("/events", KafkaStoreTestApplication.beacon());
							assertThat(response.statusCode()).isEqualTo(202);
							accepted.add(Http.json(response).get("id").asString());
						}
					}));
				}
				for (Future<?> future : sent) {
					future.get();
				}
			}
			finally {
				senders.shutdown();
			}
			assertThat(accepted).hasSize(400);
			await().atMost(PATIENCE).until(() -> KafkaStoreTestApplication.HANDLED.keySet().containsAll(accepted));
			assertThat(accepted).allSatisfy((id) -> assertThat(KafkaStoreTestApplication.HANDLED.get(id)).hasSize(1));
		}
	}

	@Test
	void twoInstancesInOneGroupHandleEachBeaconOnceAndTheSurvivorTakesOverTheTopic() throws Exception {
		String topic = "group-" + UUID.randomUUID();
		Set<String> accepted = new HashSet<>();
		try (ConfigurableApplicationContext first = start("first", topic, "shared")) {
			try (ConfigurableApplicationContext second = start("second", topic, "shared")) {
				// Both consumers own partitions before the beacons come.
				await().atMost(PATIENCE).until(() -> assigned(first) && assigned(second));
				accepted.addAll(post(new Http(port(first)), 50));
				accepted.addAll(post(new Http(port(second)), 50));
				await().atMost(PATIENCE)
					.until(() -> KafkaStoreTestApplication.HANDLED.keySet().containsAll(accepted));
				Map<String, List<String>> handled = handled(accepted);
				assertThat(handled.values()).as("each beacon handled once").allSatisfy((by) -> assertThat(by).hasSize(1));
				assertThat(handled.values().stream().flatMap(List::stream).collect(Collectors.toSet()))
					.as("both instances handled beacons")
					.containsExactlyInAnyOrder("first", "second");
			}
			// The second left the group: its partitions move to the first, nothing is lost.
			Set<String> afterwards = post(new Http(port(first)), 50);
			await().atMost(PATIENCE).until(() -> KafkaStoreTestApplication.HANDLED.keySet().containsAll(afterwards));
			assertThat(handled(afterwards).values()).allSatisfy((by) -> assertThat(by).containsExactly("first"));
		}
	}

	@Test
	void deadLettersWhatTheHandlersRefuseToTheDeadLetterTopicAndTheReplayDeliversItFromThere() throws Exception {
		String topic = "refused-" + UUID.randomUUID();
		String deadLetterTopic = topic + "-dead";
		Path file = this.temp.resolve("dead.jsonl");
		try (ConfigurableApplicationContext context = start("one", topic, "refused",
				"unisights.delivery.dead-letter.path=" + file, "unisights.delivery.retry.max-attempts=2",
				"unisights.delivery.kafka.dead-letter-topic=" + deadLetterTopic,
				"management.endpoints.web.exposure.include=health,unisightsdeadletter",
				"unisights.delivery.retry.initial-backoff=10ms", "unisights.delivery.retry.max-backoff=20ms")) {
			assertThat(context.getBeanNamesForType(JsonlDeadLetterFile.class)).isEmpty();
			Http http = new Http(port(context));
			Map<String, String> refusedSessions = new HashMap<>();
			Set<String> delivered = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				String session = UUID.randomUUID().toString();
				boolean refuse = i % 4 == 0;
				if (refuse) {
					KafkaStoreTestApplication.FAILING_SESSIONS.add(session);
				}
				HttpResponse<String> response = http.postJson("/events", KafkaStoreTestApplication.beacon(session));
				assertThat(response.statusCode()).isEqualTo(202);
				String id = Http.json(response).get("id").asString();
				if (refuse) {
					refusedSessions.put(id, session);
				}
				else {
					delivered.add(id);
				}
			}
			Set<String> refused = refusedSessions.keySet();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(PATIENCE).until(() -> deadLettered(meters) == refused.size()
					&& KafkaStoreTestApplication.HANDLED.keySet().containsAll(delivered));
			List<ConsumerRecord<String, byte[]>> records = read(deadLetterTopic, refused.size());
			assertThat(records).allSatisfy((record) -> {
				DeadLetter<Receipt> letter = letter(record);
				assertThat(record.key()).isEqualTo(letter.id());
				assertThat(header(record, KafkaClientSettings.ID_HEADER)).isEqualTo(letter.id());
				assertThat(header(record, KafkaClientSettings.CHANNEL_HEADER)).isEqualTo("beacon");
				assertThat(letter.detail().channel()).isEqualTo(Channel.BEACON);
				assertThat(letter.attempts()).isEqualTo(2);
				assertThat(letter.error()).contains("refused session");
			});
			assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(refused);
			assertThat(refused).noneMatch(KafkaStoreTestApplication.HANDLED::containsKey);
			assertThat(file).doesNotExist();
			// Everything was handled or dead-lettered: the group committed the whole topic.
			await().atMost(PATIENCE).until(() -> lag(topic, "refused") == 0);

			DeadLetterEndpoint endpoint = context.getBean(DeadLetterEndpoint.class);
			assertThat(endpoint.summary()).isEqualTo(new DeadLetterEndpoint.Summary("kafka:" + deadLetterTopic, -1, 5));
			// Half the sessions are still refused: those letters go back to the topic.
			List<String> stillRefused = refused.stream().sorted().limit(2).toList();
			refused.stream()
				.filter((id) -> !stillRefused.contains(id))
				.forEach((id) -> KafkaStoreTestApplication.FAILING_SESSIONS.remove(refusedSessions.get(id)));
			ReplayResult first = endpoint.replay();
			assertThat(first).isEqualTo(new ReplayResult(3, 2, 0));
			assertThat(endpoint.summary().items()).isEqualTo(2);
			List<ConsumerRecord<String, byte[]>> kept = read(deadLetterTopic, 7).subList(5, 7);
			assertThat(kept).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(stillRefused);
			assertThat(kept).allSatisfy((record) -> assertThat(letter(record).attempts()).isEqualTo(3));

			stillRefused.forEach((id) -> KafkaStoreTestApplication.FAILING_SESSIONS.remove(refusedSessions.get(id)));
			ReplayResult second = endpoint.replay();
			assertThat(second).isEqualTo(new ReplayResult(2, 0, 0));
			assertThat(endpoint.summary().items()).isZero();
			assertThat(endpoint.replay()).isEqualTo(new ReplayResult(0, 0, 0));
			assertThat(refused).allSatisfy((id) -> assertThat(KafkaStoreTestApplication.HANDLED.get(id)).hasSize(1));
			assertThat(meters.get("unisights.delivery.replayed")
				.tags("channel", "beacon", "outcome", "success")
				.functionCounter()
				.count()).isEqualTo(5);
		}
	}

	private static double deadLettered(MeterRegistry meters) {
		return meters.find("unisights.delivery.dead.lettered")
			.tag("reason", "handler-failed")
			.functionCounters()
			.stream()
			.mapToDouble(FunctionCounter::count)
			.sum();
	}

	private static DeadLetter<Receipt> letter(ConsumerRecord<String, byte[]> record) {
		return Receipt.deadLetterLines().read(new String(record.value(), StandardCharsets.UTF_8));
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	/** Reads a topic from its start until it has {@code count} records, oldest first by offset. */
	private static List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
		try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.servers(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			while (records.size() < count && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			records.sort(Comparator.comparingLong((ConsumerRecord<String, byte[]> record) -> record.timestamp())
				.thenComparingLong(ConsumerRecord::offset));
			return records;
		}
	}

	/** Records of a topic that a group has not committed yet. */
	private static long lag(String topic, String group) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.servers()))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS);
			try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.servers()),
					new StringDeserializer(), new ByteArrayDeserializer())) {
				List<TopicPartition> partitions = consumer.partitionsFor(topic)
					.stream()
					.map((info) -> new TopicPartition(topic, info.partition()))
					.toList();
				long lag = 0;
				for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(partitions).entrySet()) {
					OffsetAndMetadata offset = committed.get(end.getKey());
					lag += end.getValue() - ((offset != null) ? offset.offset() : 0);
				}
				return lag;
			}
		}
	}

	private static boolean assigned(ConfigurableApplicationContext context) {
		return context.getBean(KafkaDeliveryStore.class).assignedPartitions() > 0;
	}

	static Set<String> post(Http http, int count) {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> response = http.postJson("/events", KafkaStoreTestApplication.beacon());
			assertThat(response.statusCode()).isEqualTo(202);
			ids.add(Http.json(response).get("id").asString());
		}
		return ids;
	}

	private static Map<String, List<String>> handled(Set<String> ids) {
		return ids.stream().collect(Collectors.toMap((id) -> id, KafkaStoreTestApplication.HANDLED::get));
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private ConfigurableApplicationContext start(String instance, String topic, String group, String... more) {
		return start(broker.servers(), instance, topic, group, this.temp, more);
	}

	static ConfigurableApplicationContext start(String servers, String instance, String topic, String group,
			Path temp, String... more) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "test.instance=" + instance, "unisights.delivery.mode=async",
				"unisights.delivery.store=kafka", "spring.kafka.bootstrap-servers=" + servers,
				// Also the store's own: an embedded broker of an earlier test class leaves its
				// address in the system property spring.kafka.bootstrap-servers, which wins
				// over these defaults.
				"unisights.delivery.kafka.bootstrap-servers=" + servers,
				"unisights.delivery.kafka.topic=" + topic, "unisights.delivery.kafka.group-id=" + group,
				"unisights.delivery.kafka.partitions=4", "unisights.delivery.kafka.concurrency=2",
				"unisights.delivery.dead-letter.path=" + temp.resolve(instance + "-" + UUID.randomUUID() + ".jsonl")));
		properties.addAll(List.of(more));
		return new SpringApplicationBuilder(KafkaStoreTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
	}

}
