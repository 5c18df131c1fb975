package io.unisights.spring.delivery.kafka;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.test.Http;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker dies mid-flow and comes back on the same data: Kafka's own broker runs in a
 * JVM of its own and is killed as {@code kill -9} does while senders post beacons to the
 * collector over real HTTP. While it is down every answer is a prompt 503 with
 * Retry-After and the store reports itself down; once the same broker is started again,
 * the running collector answers 202 again, reports itself up, and every beacon it ever
 * answered 202 for reaches the handler under its id.
 */
class KafkaBrokerRestartTests {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	/** The send timeout, and what a loaded machine adds to an HTTP exchange. */
	private static final Duration ANSWER_BOUND = SEND_TIMEOUT.plusSeconds(3);

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static final int SENDERS = 4;

	/** Longest the senders run, whatever happens to the test. */
	private static final Duration SENDING_BOUND = Duration.ofMinutes(4);

	@TempDir
	static Path brokerFolder;

	@TempDir
	Path temp;

	private static KafkaBrokerProcess broker;

	@BeforeAll
	static void startBroker() throws Exception {
		broker = KafkaBrokerProcess.start(Files.createDirectories(brokerFolder.resolve("broker")));
	}

	@AfterAll
	static void stopBroker() throws Exception {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void answers503WhileTheBrokerIsDownAndRecoversWithoutARestartDeliveringEveryBeaconAnswered202() throws Exception {
		String topic = "restart-" + UUID.randomUUID();
		try (ConfigurableApplicationContext context = KafkaDeliveryStoreTests.start(broker.bootstrapServers(), "one",
				topic, "restart", this.temp, "unisights.delivery.kafka.send-timeout=" + SEND_TIMEOUT.toMillis() + "ms",
				"unisights.delivery.kafka.recheck-interval=200ms", "unisights.delivery.retry-after=7s",
				"unisights.delivery.kafka.partitions=2")) {
			Http http = new Http(KafkaDeliveryStoreTests.port(context));
			HealthIndicator health = context.getBean("unisightsDeliveryHealthIndicator", HealthIndicator.class);
			awaitOrShowBrokerLog(() -> health.health().getStatus().equals(Status.UP));
			Queue<Answer> answers = new ConcurrentLinkedQueue<>();
			AtomicBoolean sending = new AtomicBoolean(true);
			ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
			long sendingDeadline = System.nanoTime() + SENDING_BOUND.toNanos();
			try {
				List<Future<?>> running = IntStream.range(0, SENDERS)
					.mapToObj((sender) -> senders.submit(() -> {
						while (sending.get() && System.nanoTime() < sendingDeadline) {
							answers.add(post(http));
						}
					}))
					.collect(Collectors.toList());
				await().atMost(PATIENCE).until(() -> accepted(answers).size() >= 50);

				broker.kill();
				long killed = System.nanoTime();
				await().atMost(PATIENCE).until(() -> health.health().getStatus().equals(Status.DOWN));
				assertThat(health.health().getDetails().get("storeProblem")).asString().isNotBlank();
				// Senders keep posting to the collector without a broker for a while.
				await().atMost(PATIENCE).until(() -> answers.stream().filter((answer) -> answer.start() > killed).count()
						>= 20 && System.nanoTime() - killed > 3 * SEND_TIMEOUT.toNanos());
				long restarting = System.nanoTime();
				List<Answer> whileDown = answers.stream()
					.filter((answer) -> answer.start() > killed && answer.end() < restarting)
					.toList();
				assertThat(whileDown).hasSizeGreaterThanOrEqualTo(20).allSatisfy((answer) -> {
					assertThat(answer.status()).as("answer while the broker is down").isEqualTo(503);
					assertThat(answer.retryAfter()).hasValue("7");
					assertThat(Duration.ofNanos(answer.end() - answer.start())).isLessThan(ANSWER_BOUND);
				});
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

				broker = broker.restart();
				long restarted = System.nanoTime();
				awaitOrShowBrokerLog(() -> answers.stream()
					.filter((answer) -> answer.start() > restarted)
					.filter((answer) -> answer.status() == 202)
					.count() >= 50);
				awaitOrShowBrokerLog(() -> health.health().getStatus().equals(Status.UP));
				sending.set(false);
				for (Future<?> sender : running) {
					sender.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
				}
			}
			finally {
				sending.set(false);
				senders.shutdownNow();
			}
			assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isIn(202, 503));
			Set<String> accepted = accepted(answers);
			await().atMost(PATIENCE).until(() -> KafkaStoreTestApplication.HANDLED.keySet().containsAll(accepted));
		}
	}

	private static void awaitOrShowBrokerLog(Callable<Boolean> condition) {
		try {
			await().atMost(PATIENCE).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			String log = broker.log();
			throw new AssertionError(ex.getMessage() + "\nThe broker " + (broker.alive() ? "runs" : "is dead")
					+ "; its log ends:\n" + log.substring(Math.max(0, log.length() - 20_000)), ex);
		}
	}

	private static Answer post(Http http) {
		long start = System.nanoTime();
		HttpResponse<String> response = http.postJson("/events", KafkaStoreTestApplication.beacon());
		long end = System.nanoTime();
		String id = (response.statusCode() == 202) ? Http.json(response).get("id").asString() : null;
		return new Answer(start, end, response.statusCode(), response.headers().firstValue("Retry-After"), id);
	}

	private static Set<String> accepted(Queue<Answer> answers) {
		return answers.stream()
			.filter((answer) -> answer.status() == 202)
			.map(Answer::id)
			.collect(Collectors.toSet());
	}

	private record Answer(long start, long end, int status, Optional<String> retryAfter, String id) {

	}

}
