package io.unisights.spring.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.delivery.DeliveryMetrics.Counter;
import io.unisights.spring.delivery.deadletter.DeadLetterReplayers;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.test.Http;
import tools.jackson.databind.JsonNode;

import org.springframework.util.unit.DataSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class AsynchronousEventDispatcherTests {

	@TempDir
	Path temp;

	private final FaultyHandler handler = new FaultyHandler();

	private final DeliveryMetrics metrics = new DeliveryMetrics(Clock.systemUTC());

	private AsynchronousEventDispatcher dispatcher;

	private JsonlDeadLetterFile deadLetters;

	@AfterEach
	void stop() {
		this.handler.release();
		if (this.dispatcher != null) {
			this.dispatcher.stop();
		}
	}

	@Test
	void retriesAHandlerThatFailsTwiceThenDeliversIt() {
		this.handler.failFirst(2);
		start(100, 2, 3, Duration.ofSeconds(30));

		assertThat(this.dispatcher.dispatch(Beacons.delivery("id-1", 1))).isEqualTo(DispatchResult.QUEUED);

		await().atMost(Duration.ofSeconds(30)).until(() -> this.metrics.total(Counter.DELIVERED) == 1);
		assertThat(this.handler.attempts("id-1")).isEqualTo(3);
		assertThat(this.metrics.total(Counter.RETRIED)).isEqualTo(2);
		assertThat(this.metrics.deadLettered()).isZero();
		assertThat(this.deadLetters.path()).doesNotExist();
	}

	@Test
	void deadLettersAnItemThatAlwaysFailsAndReplaysItOnceTheHandlerIsFixed() throws Exception {
		this.handler.failAlways(true);
		start(100, 1, 3, Duration.ofSeconds(30));

		this.dispatcher.dispatch(Beacons.delivery("id-1", 1));

		await().atMost(Duration.ofSeconds(30)).until(() -> this.metrics.deadLettered() == 1);
		List<String> lines = Files.readAllLines(this.deadLetters.path());
		assertThat(lines).hasSize(1);
		JsonNode line = Http.json(lines.get(0));
		assertThat(line.get("id").asString()).isEqualTo("id-1");
		assertThat(line.get("channel").asString()).isEqualTo("beacon");
		assertThat(line.get("payload")).isEqualTo(Http.json(Beacons.body(1)).get("data"));
		assertThat(line.get("context").get("client_ip").asString()).isEqualTo("127.0.0.1");
		assertThat(line.get("context").get("received_at").asString()).isEqualTo("2025-01-01T00:00:00Z");
		assertThat(line.get("error").asString()).contains(FaultyHandler.class.getName())
			.contains("IllegalStateException: store down for id-1");
		assertThat(line.get("attempts").asInt()).isEqualTo(3);
		assertThat(line.get("first_attempt_at").asString()).isNotBlank();
		assertThat(line.get("last_attempt_at").asString()).isNotBlank();
		assertThat(this.handler.attempts("id-1")).isEqualTo(3);

		DeadLetterReplayer replayer = replayer();
		ReplayResult stillFailing = replayer.replay();
		assertThat(stillFailing).isEqualTo(new ReplayResult(0, 1, 0));
		assertThat(this.deadLetters.read()).singleElement().satisfies((letter) -> {
			assertThat(letter.id()).isEqualTo("id-1");
			assertThat(letter.attempts()).isEqualTo(4);
		});

		this.handler.failAlways(false);
		assertThat(replayer.replay()).isEqualTo(new ReplayResult(1, 0, 0));
		assertThat(this.handler.delivered()).containsExactly("id-1");
		assertThat(this.deadLetters.read()).isEmpty();
		assertThat(this.deadLetters.count()).isZero();
	}

	@Test
	void refusesItemsOnceTheQueueIsFull() throws Exception {
		this.handler.block();
		start(2, 1, 1, Duration.ofSeconds(30));
		this.dispatcher.dispatch(Beacons.delivery("busy", 0));
		this.handler.awaitEntered();

		assertThat(this.dispatcher.dispatch(Beacons.delivery("q1", 1))).isEqualTo(DispatchResult.QUEUED);
		assertThat(this.dispatcher.dispatch(Beacons.delivery("q2", 2))).isEqualTo(DispatchResult.QUEUED);
		assertThatExceptionOfType(QueueFullException.class)
			.isThrownBy(() -> this.dispatcher.dispatch(Beacons.delivery("q3", 3)))
			.satisfies((ex) -> assertThat(ex.isShuttingDown()).isFalse());

		this.handler.release();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.metrics.total(Counter.DELIVERED) == 3);
		assertThat(this.handler.delivered()).containsExactlyInAnyOrder("busy", "q1", "q2");
	}

	@Test
	void shutdownDeliversWhatItCanAndDeadLettersTheRestExactly() throws Exception {
		this.handler.block();
		start(50, 1, 1, Duration.ofMillis(200));
		Set<String> accepted = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			this.dispatcher.dispatch(Beacons.delivery("item-" + i, i));
			accepted.add("item-" + i);
		}
		this.handler.awaitEntered();
		// One item is inside the handler, so one more fits before the queue is full.
		this.dispatcher.dispatch(Beacons.delivery("late", 1000));
		accepted.add("late");
		assertThatExceptionOfType(QueueFullException.class)
			.isThrownBy(() -> this.dispatcher.dispatch(Beacons.delivery("item-overflow", 999)));

		this.dispatcher.stop();

		Set<String> deadLettered = new HashSet<>();
		this.deadLetters.read().forEach((letter) -> deadLettered.add(letter.id()));
		assertThat(this.metrics.total(Counter.ACCEPTED)).isEqualTo(accepted.size());
		assertThat(this.metrics.total(Counter.DELIVERED) + this.metrics.deadLettered()).isEqualTo(accepted.size());
		// The handler never returned: the item inside it was interrupted, the queued ones
		// never started, and every one of them is in the file.
		assertThat(this.handler.delivered()).isEmpty();
		assertThat(deadLettered).hasSize((int) this.metrics.deadLettered()).isEqualTo(accepted);
		assertThat(this.deadLetters.read()).allSatisfy((letter) -> assertThat(letter.detail().channel()).isEqualTo(Channel.BEACON))
			.filteredOn((letter) -> letter.attempts() == 0)
			.hasSize(50)
			.allSatisfy((letter) -> assertThat(letter.error()).contains("shutdown-timeout"));
		assertThatExceptionOfType(QueueFullException.class)
			.isThrownBy(() -> this.dispatcher.dispatch(Beacons.delivery("after-stop", 2000)))
			.satisfies((ex) -> assertThat(ex.isShuttingDown()).isTrue());
	}

	@Test
	void shutdownDeadLettersTheItemsOfInterruptedWorkersWhoseHandlersKeepTheInterrupt() throws Exception {
		CountDownLatch entered = new CountDownLatch(6);
		EventHandler keepsInterrupt = new EventHandler() {

			@Override
			public void handle(Delivery delivery) throws Exception {
				entered.countDown();
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					// What a well-behaved handler does: restore the flag, then fail.
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted", ex);
				}
			}

		};
		this.deadLetters = new JsonlDeadLetterFile(this.temp.resolve("dead/letters.jsonl"));
		this.dispatcher = new AsynchronousEventDispatcher(
				new HandlerChain(List.of(keepsInterrupt), this.metrics, Clock.systemUTC()),
				new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(5)), this.deadLetters,
				this.metrics, null,
				new MemoryDeliveryStore(10, DataSize.ofMegabytes(1), Duration.ofSeconds(3)),
				new DeliveryCodec(List.of(new BeaconDeliveryRestorer())), 6, WorkerThreads.factory(false),
				Duration.ofMillis(200), Duration.ofSeconds(3));
		this.dispatcher.start();
		Set<String> accepted = new HashSet<>();
		for (int i = 0; i < 8; i++) {
			this.dispatcher.dispatch(Beacons.delivery("stuck-" + i, i));
			accepted.add("stuck-" + i);
		}
		entered.await();

		this.dispatcher.stop();

		Set<String> deadLettered = new HashSet<>();
		this.deadLetters.read().forEach((letter) -> deadLettered.add(letter.id()));
		assertThat(deadLettered).isEqualTo(accepted);
		assertThat(this.metrics.deadLettered()).isEqualTo(8);
		assertThat(this.metrics.total(Counter.DEAD_LETTER_FAILURES)).isZero();
	}

	@Test
	void shutdownDrainsTheQueueWhenTheHandlersKeepUp() throws Exception {
		this.handler.block();
		start(100, 2, 1, Duration.ofSeconds(60));
		for (int i = 0; i < 100; i++) {
			this.dispatcher.dispatch(Beacons.delivery("item-" + i, i));
		}
		this.handler.release();

		this.dispatcher.stop();

		assertThat(this.metrics.total(Counter.DELIVERED)).isEqualTo(100);
		assertThat(this.metrics.deadLettered()).isZero();
		assertThat(this.handler.delivered()).hasSize(100);
	}

	@Test
	void accountsForEveryAcceptedItemOfAConcurrentBurstWithAFlakyHandler() throws Exception {
		this.handler.failureRate(0.3);
		start(500, 4, 2, Duration.ofSeconds(60));
		Set<String> accepted = ConcurrentHashMap.newKeySet();
		Set<String> refused = ConcurrentHashMap.newKeySet();
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int sender = t;
				sent.add(senders.submit(() -> {
					for (int i = 0; i < 500; i++) {
						String id = sender + "-" + i;
						try {
							this.dispatcher.dispatch(Beacons.delivery(id, sender * 1000 + i));
							accepted.add(id);
						}
						catch (QueueFullException ex) {
							refused.add(id);
						}
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

		this.dispatcher.stop();

		assertThat(accepted.size() + refused.size()).isEqualTo(4000);
		assertThat(this.metrics.total(Counter.ACCEPTED)).isEqualTo(accepted.size());
		Set<String> deadLettered = new HashSet<>();
		this.deadLetters.read().forEach((letter) -> deadLettered.add(letter.id()));
		assertThat(deadLettered).hasSize((int) this.metrics.deadLettered());
		assertThat(this.handler.delivered()).hasSize((int) this.metrics.total(Counter.DELIVERED))
			.doesNotContainAnyElementsOf(deadLettered);
		Set<String> accountedFor = new HashSet<>(deadLettered);
		accountedFor.addAll(this.handler.delivered());
		assertThat(accountedFor).isEqualTo(accepted);
		assertThat(deadLettered).isNotEmpty();
		assertThat(refused).doesNotContainAnyElementsOf(this.handler.delivered());
	}

	@Test
	void runsTheHandlersOnVirtualThreadsWhereTheJvmHasThem() throws Exception {
		start(10, 2, 1, Duration.ofSeconds(30), WorkerThreads.factory(true));
		for (int i = 0; i < 10; i++) {
			this.dispatcher.dispatch(Beacons.delivery("item-" + i, i));
		}

		this.dispatcher.stop();

		assertThat(this.handler.delivered()).hasSize(10);
		boolean jvmHasVirtualThreads = Runtime.version().feature() >= 21;
		assertThat(WorkerThreads.virtualThreadsAvailable()).isEqualTo(jvmHasVirtualThreads);
		assertThat(this.handler.threads()).isNotEmpty().allSatisfy((thread) -> {
			assertThat(thread.getName()).startsWith(WorkerThreads.PREFIX);
			assertThat(isVirtual(thread)).isEqualTo(jvmHasVirtualThreads);
		});
	}

	@Test
	void runsTheHandlersOnPlatformDaemonThreadsWhenVirtualThreadsAreNotWanted() throws Exception {
		start(10, 2, 1, Duration.ofSeconds(30), WorkerThreads.factory(false));
		for (int i = 0; i < 10; i++) {
			this.dispatcher.dispatch(Beacons.delivery("item-" + i, i));
		}

		this.dispatcher.stop();

		assertThat(this.handler.delivered()).hasSize(10);
		assertThat(this.handler.threads()).isNotEmpty().allSatisfy((thread) -> {
			assertThat(thread.getName()).startsWith(WorkerThreads.PREFIX);
			assertThat(thread.isDaemon()).isTrue();
			assertThat(isVirtual(thread)).isFalse();
		});
	}

	private static boolean isVirtual(Thread thread) throws Exception {
		// Thread.isVirtual() exists from Java 21 on; this code compiles for Java 17.
		if (Runtime.version().feature() < 21) {
			return false;
		}
		return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	private void start(int capacity, int workers, int attempts, Duration shutdownTimeout) {
		start(capacity, workers, attempts, shutdownTimeout, WorkerThreads.factory(true));
	}

	private void start(int capacity, int workers, int attempts, Duration shutdownTimeout,
			ThreadFactory threads) {
		this.deadLetters = new JsonlDeadLetterFile(this.temp.resolve("dead/letters.jsonl"));
		this.dispatcher = new AsynchronousEventDispatcher(chain(),
				new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5)), this.deadLetters,
				this.metrics, null,
				new MemoryDeliveryStore(capacity, DataSize.ofMegabytes(16), Duration.ofSeconds(3)),
				new DeliveryCodec(List.of(new BeaconDeliveryRestorer())), workers, threads, shutdownTimeout,
				Duration.ofSeconds(3));
		this.dispatcher.start();
	}

	private HandlerChain chain() {
		return new HandlerChain(List.of(this.handler), this.metrics, Clock.systemUTC());
	}

	private DeadLetterReplayer replayer() {
		return DeadLetterReplayers.replayer(this.deadLetters,
				new Redelivery(chain(), List.of(new BeaconDeliveryRestorer()), this.metrics));
	}

}
