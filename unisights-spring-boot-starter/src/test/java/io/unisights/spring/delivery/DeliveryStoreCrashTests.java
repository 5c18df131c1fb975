package io.unisights.spring.delivery;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.unisights.spring.delivery.process.ApplicationProcess;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database store against real crashes: a host application in its own JVM is killed
 * with {@code kill -9} while a slow handler holds the items it answered 202 for.
 */
class DeliveryStoreCrashTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@TempDir
	Path temp;

	// H2's default retention, and the sample's 1 s: a shorter one must not cost a killed
	// process anything.
	@ParameterizedTest(name = "H2 URL ending {0}")
	@ValueSource(strings = { ";WRITE_DELAY=0", ";WRITE_DELAY=0;RETENTION_TIME=1000" })
	void deliversEveryAcceptedItemUnderItsIdAfterTheProcessIsKilledAndRestarted(String settings) throws Exception {
		Path records = this.temp.resolve("delivered.txt");
		List<String> properties = storeProperties(
				"jdbc:h2:file:" + this.temp.resolve("db").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE" + settings, "");
		Set<String> accepted = new HashSet<>();
		try (ApplicationProcess app = ApplicationProcess.start(this.temp, "first", records, properties)) {
			accepted.addAll(send(app, 0, 30));
			awaitOrShowLog(app, () -> !delivered(records).isEmpty());
			app.kill();
		}
		Map<String, Integer> beforeRestart = delivered(records);
		assertThat(beforeRestart.size()).as("items still held when killed").isLessThan(accepted.size());

		try (ApplicationProcess app = ApplicationProcess.start(this.temp, "second", records, properties)) {
			awaitOrShowLog(app, () -> delivered(records).keySet().containsAll(accepted));
			// The duplicate window is in the database: it outlived the process.
			HttpResponse<String> repeated = new Http(app.port()).postJson("/events", Beacons.body(3));
			assertThat(repeated.statusCode()).isEqualTo(200);
			assertThat(Http.json(repeated).get("status").asString()).isEqualTo("duplicate");
		}
		Map<String, Integer> deliveries = delivered(records);
		assertThat(deliveries.keySet()).isEqualTo(accepted);
		// Only the items the handlers were running at the kill (two workers) may come twice.
		assertThat(deliveries.values().stream().filter((count) -> count > 1).count()).isLessThanOrEqualTo(2);
	}

	@Test
	void twoInstancesOnOnePostgresDeliverEachItemOnceAndTakeOverFromOneThatDied() throws Exception {
		Path records = this.temp.resolve("delivered.txt");
		List<String> properties = storeProperties(PostgresServer.shared().createDatabase(), "postgres");
		Set<String> accepted = new HashSet<>();
		Set<String> fromSecond;
		try (ApplicationProcess first = ApplicationProcess.start(this.temp, "first", records, properties);
				ApplicationProcess second = ApplicationProcess.start(this.temp, "second", records, properties)) {
			accepted.addAll(send(first, 0, 20));
			fromSecond = send(second, 20, 20);
			accepted.addAll(fromSecond);
			await().atMost(PATIENCE).until(() -> delivered(records).keySet().containsAll(accepted));
			Map<String, Integer> once = delivered(records);
			assertThat(once.keySet()).isEqualTo(accepted);
			assertThat(once.values()).as("each item delivered once while both instances live").containsOnly(1);
			assertThat(instances(records)).containsExactlyInAnyOrder("first", "second");
			// One duplicate window for both: what the first accepted, the second recognises.
			HttpResponse<String> repeated = new Http(second.port()).postJson("/events", Beacons.body(5));
			assertThat(Http.json(repeated).get("status").asString()).isEqualTo("duplicate");

			Set<String> late = new HashSet<>(send(first, 40, 20));
			accepted.addAll(late);
			await().atMost(PATIENCE).until(() -> linesOf(records, "first").size() > 20);
			first.kill();
			await().atMost(PATIENCE).until(() -> delivered(records).keySet().containsAll(accepted));
		}
		Map<String, Integer> deliveries = delivered(records);
		assertThat(deliveries.keySet()).isEqualTo(accepted);
		List<String> twice = deliveries.entrySet().stream().filter((entry) -> entry.getValue() > 1)
			.map(Map.Entry::getKey).toList();
		// At most what the killed instance's two workers were running; the survivor took
		// each of those under the same delivery id.
		assertThat(twice).hasSizeLessThanOrEqualTo(2);
		assertThat(twice).allSatisfy((id) -> assertThat(linesOf(records, "first")).contains(id));
		assertThat(linesOf(records, "second")).containsAll(twice);
	}

	private static void awaitOrShowLog(ApplicationProcess app, Callable<Boolean> condition) {
		try {
			await().atMost(PATIENCE).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + app.log(), ex);
		}
	}

	private static List<String> storeProperties(String url, String username) {
		List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + url,
				"unisights.delivery.mode=async", "unisights.delivery.store=jdbc",
				"unisights.delivery.jdbc.initialize-schema=always", "unisights.delivery.jdbc.lease=2s",
				"unisights.delivery.jdbc.poll-interval=50ms", "unisights.delivery.jdbc.claim-batch=2",
				"unisights.delivery.workers=2", "test.handler-delay=300"));
		if (!username.isEmpty()) {
			properties.add("spring.datasource.username=" + username);
		}
		return properties;
	}

	private static Set<String> send(ApplicationProcess app, int from, int count) {
		Http http = new Http(app.port());
		Set<String> ids = new HashSet<>();
		for (int n = from; n < from + count; n++) {
			HttpResponse<String> response = http.postJson("/events", Beacons.body(n));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			ids.add(Http.json(response).get("id").asString());
		}
		return ids;
	}

	/** Deliveries recorded so far: how often each id reached a handler. */
	private static Map<String, Integer> delivered(Path records) throws IOException {
		Map<String, Integer> counts = new HashMap<>();
		for (String line : lines(records)) {
			counts.merge(line.substring(line.indexOf(' ') + 1), 1, Integer::sum);
		}
		return counts;
	}

	private static Set<String> instances(Path records) throws IOException {
		Set<String> instances = new HashSet<>();
		lines(records).forEach((line) -> instances.add(line.substring(0, line.indexOf(' '))));
		return instances;
	}

	private static List<String> linesOf(Path records, String instance) throws IOException {
		return lines(records).stream().filter((line) -> line.startsWith(instance + " "))
			.map((line) -> line.substring(instance.length() + 1)).toList();
	}

	private static List<String> lines(Path records) throws IOException {
		if (!Files.exists(records)) {
			return List.of();
		}
		// A line is complete once it ends with its line break.
		String text = Files.readString(records);
		int end = text.lastIndexOf('\n');
		return (end < 0) ? List.of() : List.of(text.substring(0, end).split("\n"));
	}

}
