package io.unisights.spring.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.delivery.process.ApplicationProcess;
import io.unisights.spring.test.Http;
import io.unisights.spring.test.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The jdbc store over real HTTP while its PostgreSQL server goes away and comes back
 * under load: a host application in its own JVM, senders posting beacons all along, the
 * server stopped as a crash stops it ({@code pg_ctl stop -m immediate}) and started
 * again. No item is answered 202 while the database is down (503 with
 * {@code Retry-After} instead), every item answered 202 is delivered once, and the table
 * is empty at the end.
 */
class DeliveryStoreOutageTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final int SENDERS = 4;

	private static PostgresServer server;

	@TempDir
	Path temp;

	private final AtomicBoolean sending = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

	@BeforeAll
	static void startServer() {
		// Of these tests' own: stopping it must not disturb other tests.
		server = PostgresServer.dedicated();
	}

	@AfterEach
	void stopSending() throws InterruptedException {
		this.sending.set(false);
		for (Thread thread : this.threads) {
			thread.join(30_000);
		}
		server.startIfStopped();
	}

	@Test
	void answers503WhileTheDatabaseIsDownReportsItAndDeliversEveryItemAnswered202Once() throws Exception {
		String url = server.createDatabase();
		Path records = this.temp.resolve("delivered.txt");
		try (ApplicationProcess app = ApplicationProcess.start(this.temp, "outage", records, properties(url))) {
			ConcurrentLinkedQueue<Answer> answers = send(app.port());
			ConcurrentLinkedQueue<HealthCheck> checks = watchHealth(app.port());
			await().atMost(PATIENCE).until(() -> count(answers, 202) >= 50);

			long stoppedAt = stop();
			Thread.sleep(5000);
			long restartingAt = System.nanoTime();
			server.start();
			await().atMost(PATIENCE).until(() -> answers.stream().anyMatch((answer) -> answer.status() == 202
					&& answer.sentAt() > restartingAt));
			Thread.sleep(1000);
			this.sending.set(false);
			awaitDeliveredOnce(app, records, answers, url);

			assertEveryAnswer(answers, stoppedAt, restartingAt);
			List<HealthCheck> down = checks.stream()
				.filter((check) -> check.sentAt() > stoppedAt && check.answeredAt() < restartingAt)
				.toList();
			HealthCheck firstDown = down.stream().filter((check) -> check.status().equals("DOWN")).findFirst()
				.orElseThrow(() -> new AssertionError("health never DOWN while the database was: " + down));
			assertThat(firstDown.body()).contains("store unavailable");
			await().atMost(PATIENCE).until(() -> checks.stream()
				.anyMatch((check) -> check.sentAt() > restartingAt && check.status().equals("UP")));
			long slowest = checks.stream().mapToLong(HealthCheck::nanos).max().orElse(0);
			long firstUp = checks.stream()
				.filter((check) -> check.sentAt() > restartingAt && check.status().equals("UP"))
				.mapToLong(HealthCheck::answeredAt).min().orElse(0);
			System.out.printf("Outage of 5 s: %d answered 202, %d answered 503; health DOWN %.1f s after the stop, "
					+ "UP %.1f s after the start began, slowest health answer %.2f s; first 202 %.1f s after the "
					+ "start began%n", count(answers, 202), count(answers, 503),
					(firstDown.answeredAt() - stoppedAt) / 1e9, (firstUp - restartingAt) / 1e9, slowest / 1e9,
					(firstAccepted(answers, restartingAt) - restartingAt) / 1e9);
		}
		assertThat(this.failures).isEmpty();
	}

	@Test
	void deliversEveryItemAnswered202OnceWhileTheDatabaseFlaps() throws Exception {
		String url = server.createDatabase();
		Path records = this.temp.resolve("delivered.txt");
		try (ApplicationProcess app = ApplicationProcess.start(this.temp, "flapping", records, properties(url))) {
			ConcurrentLinkedQueue<Answer> answers = send(app.port());
			await().atMost(PATIENCE).until(() -> count(answers, 202) >= 50);
			List<long[]> outages = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				long stoppedAt = stop();
				Thread.sleep(2000);
				long restartingAt = System.nanoTime();
				server.start();
				outages.add(new long[] { stoppedAt, restartingAt });
				Thread.sleep(2000);
			}
			this.sending.set(false);
			awaitDeliveredOnce(app, records, answers, url);

			for (long[] outage : outages) {
				assertEveryAnswer(answers, outage[0], outage[1]);
			}
			System.out.printf("Five 2 s outages: %d answered 202, %d answered 503%n", count(answers, 202),
					count(answers, 503));
		}
		assertThat(this.failures).isEmpty();
	}

	private static List<String> properties(String url) {
		return List.of("spring.datasource.url=" + url, "spring.datasource.username=postgres",
				// What the README asks of hosts: the pool and the driver give up on a database
				// that does not answer (the pool after 10 s here, twice the health check's
				// patience below).
				"spring.datasource.hikari.connection-timeout=10000",
				"spring.datasource.hikari.data-source-properties.connectTimeout=5",
				"spring.datasource.hikari.data-source-properties.loginTimeout=5",
				"spring.datasource.hikari.data-source-properties.socketTimeout=30",
				"unisights.delivery.mode=async", "unisights.delivery.store=jdbc",
				"unisights.delivery.jdbc.initialize-schema=always", "unisights.delivery.jdbc.lease=10s",
				"unisights.delivery.jdbc.poll-interval=50ms", "unisights.delivery.workers=2",
				"unisights.delivery.retry-after=1s", "management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-details=always");
	}

	private static long stop() {
		server.stop();
		return System.nanoTime();
	}

	/**
	 * No answer 202 for a request sent after the stop and answered before the start: a
	 * commit cannot have happened in between. Every answer is 202 or 503, and each 503
	 * says when to come back.
	 */
	private static void assertEveryAnswer(ConcurrentLinkedQueue<Answer> answers, long stoppedAt, long restartingAt) {
		List<Answer> whileDown = answers.stream()
			.filter((answer) -> answer.sentAt() > stoppedAt && answer.answeredAt() < restartingAt)
			.toList();
		assertThat(whileDown).as("requests sent and answered while the database was down").isNotEmpty();
		assertThat(whileDown).allSatisfy((answer) -> assertThat(answer.status()).as(answer.body()).isEqualTo(503));
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isIn(202, 503);
			if (answer.status() == 503) {
				assertThat(answer.retryAfter()).isEqualTo("1");
			}
		});
	}

	private static void awaitDeliveredOnce(ApplicationProcess app, Path records, ConcurrentLinkedQueue<Answer> answers,
			String url) throws IOException {
		List<String> accepted = answers.stream().filter((answer) -> answer.status() == 202).map(Answer::id).toList();
		try {
			await().atMost(PATIENCE).until(() -> delivered(records).keySet().containsAll(accepted));
			// Every row deleted once delivered: nothing left behind, nothing kept under a
			// lease, and nothing left to deliver again.
			await().atMost(PATIENCE).ignoreExceptions().until(() -> rowsLeft(url) == 0);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + app.log(), ex);
		}
		Map<String, Integer> deliveries = delivered(records);
		List<String> twice = accepted.stream().filter((id) -> deliveries.get(id) > 1).toList();
		assertThat(twice).as("delivered more than once while the instance lived").isEmpty();
		assertThat(accepted).doesNotHaveDuplicates();
	}

	private ConcurrentLinkedQueue<Answer> send(int port) {
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		AtomicInteger next = new AtomicInteger();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		for (int i = 0; i < SENDERS; i++) {
			start(() -> {
				while (this.sending.get()) {
					int n = next.incrementAndGet();
					HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
						.timeout(Duration.ofSeconds(30))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(Beacons.body(n)))
						.build();
					long sentAt = System.nanoTime();
					HttpResponse<String> response = exchange(client, request);
					String id = (response.statusCode() == 202) ? Http.json(response).get("id").asString() : null;
					answers.add(new Answer(response.statusCode(), id,
							response.headers().firstValue("Retry-After").orElse(null), response.body(), sentAt,
							System.nanoTime()));
					pause(5);
				}
			});
		}
		return answers;
	}

	private ConcurrentLinkedQueue<HealthCheck> watchHealth(int port) {
		ConcurrentLinkedQueue<HealthCheck> checks = new ConcurrentLinkedQueue<>();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		start(() -> {
			while (this.sending.get()) {
				// Below the pool's 10 s wait for a connection: a check that waited on the pool
				// would time out here and fail the test.
				HttpRequest request = HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/unisightsDelivery"))
					.timeout(Duration.ofSeconds(5))
					.build();
				long sentAt = System.nanoTime();
				HttpResponse<String> response = exchange(client, request);
				String status = Http.json(response).get("status").asString();
				checks.add(new HealthCheck(status, response.body(), sentAt, System.nanoTime()));
				pause(200);
			}
		});
		return checks;
	}

	private void start(Runnable task) {
		Thread thread = new Thread(() -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				this.failures.add(ex);
			}
		}, "outage-test");
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	private static HttpResponse<String> exchange(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("No answer from " + request.uri() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long firstAccepted(ConcurrentLinkedQueue<Answer> answers, long after) {
		return answers.stream().filter((answer) -> answer.status() == 202 && answer.sentAt() > after)
			.mapToLong(Answer::answeredAt).min().orElse(0);
	}

	private static long count(ConcurrentLinkedQueue<Answer> answers, int status) {
		return answers.stream().filter((answer) -> answer.status() == status).count();
	}

	private static int rowsLeft(String url) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM unisights_delivery")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	/** Deliveries recorded so far: how often each id reached the handler. */
	private static Map<String, Integer> delivered(Path records) throws IOException {
		Map<String, Integer> counts = new HashMap<>();
		if (!Files.exists(records)) {
			return counts;
		}
		String text = Files.readString(records);
		int end = text.lastIndexOf('\n');
		if (end < 0) {
			return counts;
		}
		for (String line : text.substring(0, end).split("\n")) {
			counts.merge(line.substring(line.indexOf(' ') + 1), 1, Integer::sum);
		}
		return counts;
	}

	private record Answer(int status, String id, String retryAfter, String body, long sentAt, long answeredAt) {

	}

	private record HealthCheck(String status, String body, long sentAt, long answeredAt) {

		long nanos() {
			return this.answeredAt - this.sentAt;
		}

	}

}
