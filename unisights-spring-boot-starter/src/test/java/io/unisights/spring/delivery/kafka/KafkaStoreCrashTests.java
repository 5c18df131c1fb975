package io.unisights.spring.delivery.kafka;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.delivery.process.ApplicationProcess;
import io.unisights.spring.kafka.InProcessKafka;
import io.unisights.spring.test.Http;


import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka store against a real crash: a collector in its own JVM is killed with
 * {@code kill -9} while a slow handler works through the beacons it answered 202 for;
 * the collector started again in the same group delivers every one of them.
 */
class KafkaStoreCrashTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@RegisterExtension
	static final InProcessKafka broker = new InProcessKafka(1);

	@TempDir
	Path temp;

	@Test
	void deliversEveryAcceptedBeaconUnderItsIdAfterTheCollectorIsKilledAndRestarted() throws Exception {
		Path records = this.temp.resolve("delivered.txt");
		List<String> properties = List.of("unisights.delivery.mode=async", "unisights.delivery.store=kafka",
				"spring.kafka.bootstrap-servers=" + broker.servers(),
				"unisights.delivery.kafka.topic=crash-" + UUID.randomUUID(), "unisights.delivery.kafka.group-id=crash",
				"unisights.delivery.kafka.partitions=2", "unisights.delivery.workers=2", "test.handler-delay=200",
				"unisights.delivery.dead-letter.path=" + this.temp.resolve("dead.jsonl"));
		Set<String> accepted = new HashSet<>();
		try (ApplicationProcess app = ApplicationProcess.start(this.temp, "first", records, properties)) {
			Http http = new Http(app.port());
			for (int i = 0; i < 30; i++) {
				HttpResponse<String> response = http.postJson("/events", KafkaStoreTestApplication.beacon());
				assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
				accepted.add(Http.json(response).get("id").asString());
			}
			awaitOrShowLog(app, () -> delivered(records).size() >= 4);
			app.kill();
		}
		Map<String, Integer> beforeRestart = delivered(records);
		assertThat(beforeRestart.size()).as("beacons still undelivered when killed").isLessThan(accepted.size());

		try (ApplicationProcess app = ApplicationProcess.start(this.temp, "second", records, properties)) {
			awaitOrShowLog(app, () -> delivered(records).keySet().containsAll(accepted));
		}
		Map<String, Integer> deliveries = delivered(records);
		assertThat(deliveries.keySet()).isEqualTo(accepted);
		// Twice: what the two workers were running at the kill, and what they finished
		// since the last commit of the batch's settled start (every 100 ms, 200 ms per item).
		assertThat(deliveries.values().stream().filter((count) -> count > 1).count())
			.as("beacons delivered twice").isLessThanOrEqualTo(4);
	}

	private static void awaitOrShowLog(ApplicationProcess app, Callable<Boolean> condition) {
		try {
			await().atMost(PATIENCE).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + app.log(), ex);
		}
	}

	private static Map<String, Integer> delivered(Path records) throws IOException {
		Map<String, Integer> counts = new HashMap<>();
		if (!Files.exists(records)) {
			return counts;
		}
		String text = Files.readString(records);
		// A line is complete once it ends with its line break.
		for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
			if (!line.isEmpty()) {
				counts.merge(line.substring(line.indexOf(' ') + 1), 1, Integer::sum);
			}
		}
		return counts;
	}

}
