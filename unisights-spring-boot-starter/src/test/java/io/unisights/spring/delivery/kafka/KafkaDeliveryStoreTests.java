package io.unisights.spring.delivery.kafka;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.ReplayResult;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.deadletter.DeadLetterReplayer;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.test.Http;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka store on a real (in-process KRaft) broker, over real HTTP: what is answered
 * 202 reaches the handlers, each item once across a consumer group, and what the handlers
 * refuse is dead-lettered and replayed.
 */
class KafkaDeliveryStoreTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);

	@TempDir
	Path temp;

	@BeforeAll
	static void startBroker() {
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

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
	void deadLettersWhatTheHandlersRefuseAndTheReplayDeliversIt() throws Exception {
		String topic = "refused-" + UUID.randomUUID();
		Path deadLetters = this.temp.resolve("dead.jsonl");
		try (ConfigurableApplicationContext context = start("one", topic, "refused",
				"unisights.delivery.dead-letter.path=" + deadLetters, "unisights.delivery.retry.max-attempts=2",
				"unisights.delivery.retry.initial-backoff=10ms", "unisights.delivery.retry.max-backoff=20ms")) {
			Http http = new Http(port(context));
			Set<String> refusedSessions = new HashSet<>();
			Set<String> refused = new HashSet<>();
			Set<String> delivered = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				String session = UUID.randomUUID().toString();
				boolean refuse = i % 4 == 0;
				if (refuse) {
					refusedSessions.add(session);
					KafkaStoreTestApplication.FAILING_SESSIONS.add(session);
				}
				HttpResponse<String> response = http.postJson("/events", KafkaStoreTestApplication.beacon(session));
				assertThat(response.statusCode()).isEqualTo(202);
				(refuse ? refused : delivered).add(Http.json(response).get("id").asString());
			}
			JsonlDeadLetterFile file = context.getBean(JsonlDeadLetterFile.class);
			await().atMost(PATIENCE).until(() -> file.count() == refused.size()
					&& KafkaStoreTestApplication.HANDLED.keySet().containsAll(delivered));
			List<DeadLetter<Receipt>> letters = file.read();
			assertThat(letters).extracting(DeadLetter::id).containsExactlyInAnyOrderElementsOf(refused);
			assertThat(letters).allSatisfy((letter) -> {
				assertThat(letter.attempts()).isEqualTo(2);
				assertThat(letter.error()).contains("refused session");
			});
			assertThat(refused).noneMatch(KafkaStoreTestApplication.HANDLED::containsKey);

			KafkaStoreTestApplication.FAILING_SESSIONS.removeAll(refusedSessions);
			ReplayResult replayed = context.getBean(DeadLetterReplayer.class).replay();
			assertThat(replayed.delivered()).isEqualTo(refused.size());
			assertThat(replayed.remaining()).isZero();
			assertThat(KafkaStoreTestApplication.HANDLED.keySet()).containsAll(refused);
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
		return start(broker.getBrokersAsString(), instance, topic, group, this.temp, more);
	}

	static ConfigurableApplicationContext start(String servers, String instance, String topic, String group,
			Path temp, String... more) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.main.banner-mode=off", "test.instance=" + instance, "unisights.delivery.mode=async",
				"unisights.delivery.store=kafka", "spring.kafka.bootstrap-servers=" + servers,
				"unisights.delivery.kafka.topic=" + topic, "unisights.delivery.kafka.group-id=" + group,
				"unisights.delivery.kafka.partitions=4", "unisights.delivery.kafka.concurrency=2",
				"unisights.delivery.dead-letter.path=" + temp.resolve(instance + "-" + UUID.randomUUID() + ".jsonl")));
		properties.addAll(List.of(more));
		return new SpringApplicationBuilder(KafkaStoreTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
	}

}
