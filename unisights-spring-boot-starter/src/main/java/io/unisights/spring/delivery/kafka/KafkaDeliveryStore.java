package io.unisights.spring.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.DuplicateFilter;
import io.unisights.spring.delivery.QueueFullException;
import io.unisights.spring.delivery.StoredDelivery;
import io.unisights.spring.kafka.KafkaClientSettings;
import io.unisights.wire.SingleLine;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The Kafka store ({@code unisights.delivery.store=kafka}): an accepted item is one record
 * of the store's topic, keyed by the item's partition key and carrying the bytes a stored
 * item carries, with the headers {@code unisights-id} and {@code unisights-channel}. The
 * request is answered once the brokers acknowledged the record ({@code acks=all},
 * idempotent producer), and 503 when they do not within the send timeout.
 * <p>
 * Workers take the records that the {@link RecordIntake}'s consumers, in the store's
 * group, hand them; a batch's offsets are committed once each of its items was delivered
 * or dead-lettered. Items are not read back by the instance that wrote them unless its
 * consumers own the record's partition: the topic is the queue, shared by the group.
 * <p>
 * While the brokers fail or do not answer, the store refuses items at once and reports
 * itself unavailable; a check every {@code recheck-interval} tells when they answer again.
 */
final class KafkaDeliveryStore implements DeliveryStore, SmartLifecycle {

	/**
	 * Stops after the web server (phase {@code DEFAULT_PHASE - 2048}) and before the
	 * dispatcher ({@code DEFAULT_PHASE - 4096}), so that its workers drain the batch in
	 * hand while no further one comes.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private static final Log logger = LogFactory.getLog(KafkaDeliveryStore.class);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private final ProducerFactory<String, byte[]> producers;

	private final KafkaDeliveryProperties settings;

	private final Duration retryAfter;

	private final Supplier<TopicCheck> topicChecks;

	private final RecordIntake intake;

	private final BrokerHealth health = new BrokerHealth("the brokers were not reached yet");

	private final AtomicBoolean rechecking = new AtomicBoolean();

	private @Nullable Producer<String, byte[]> producer;

	private @Nullable TopicCheck topicCheck;

	private @Nullable ScheduledExecutorService recheck;

	private volatile boolean open;

	private volatile boolean running;

	// Set by stop(): the batch in hand drains, and a dead letter is tried once more only.
	private volatile boolean stopping;

	KafkaDeliveryStore(ProducerFactory<String, byte[]> producers, ConsumerFactory<String, byte[]> consumers,
			Supplier<TopicCheck> topicChecks, KafkaDeliveryProperties settings, Duration retryAfter) {
		this.producers = producers;
		this.settings = settings;
		this.retryAfter = retryAfter;
		this.topicChecks = topicChecks;
		this.intake = new RecordIntake(consumers, settings.topic(), settings.groupId(), settings.concurrency());
	}

	@Override
	public synchronized void open() {
		if (this.open) {
			return;
		}
		this.topicCheck = this.topicChecks.get();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "unisights-kafka-recheck");
			thread.setDaemon(true);
			return thread;
		});
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.recheck = executor;
		// The topic exists before anything is sent or consumed, so that neither client
		// makes it with the brokers' defaults; brokers that are down at startup leave the
		// store unavailable (503) until a recheck finds them.
		long deadline = System.nanoTime() + this.settings.sendTimeout().toNanos();
		String problem = this.topicCheck.check();
		while (problem != null && System.nanoTime() < deadline) {
			pause();
			problem = this.topicCheck.check();
		}
		if (problem == null) {
			this.health.succeeded();
		}
		else {
			logger.warn("The delivery store cannot write to Kafka yet (" + problem
					+ "): requests are answered 503 until it can");
			failed(problem);
		}
		this.producer = this.producers.createProducer();
		this.stopping = false;
		this.intake.start();
		this.open = true;
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean add(StoredDelivery item, DuplicateFilter.@Nullable Claim claim) {
		return add(item, item.id(), claim);
	}

	@Override
	public boolean add(StoredDelivery item, String partitionKey, DuplicateFilter.@Nullable Claim claim) {
		Producer<String, byte[]> producer = this.producer;
		if (!this.open || producer == null) {
			throw new QueueFullException("The delivery store is closed", true, this.retryAfter);
		}
		Availability availability = this.health.availability();
		if (!availability.available()) {
			// Each request would otherwise wait out the send timeout.
			throw new QueueFullException("The delivery store cannot write to Kafka: " + availability.problem(), false,
					this.retryAfter);
		}
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.settings.topic(), partitionKey,
				item.bytes());
		record.headers().add(KafkaClientSettings.ID_HEADER, item.id().getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(KafkaClientSettings.CHANNEL_HEADER, item.channel().wireName().getBytes(StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + this.settings.sendTimeout().toNanos();
		try {
			// Blocks up to max.block.ms (the send timeout) for metadata or buffer space.
			Future<RecordMetadata> sent = producer.send(record);
			sent.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			this.health.succeeded();
			return true;
		}
		catch (ExecutionException ex) {
			throw refused(item, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (KafkaException ex) {
			throw refused(item, ex);
		}
		catch (TimeoutException ex) {
			// The record may still be written: the sender's retry is then a duplicate,
			// which the group delivers twice under the same id.
			failed("no acknowledgement within " + this.settings.sendTimeout()
					+ " (unisights.delivery.kafka.send-timeout)");
			throw new QueueFullException("Kafka did not acknowledge the item within " + this.settings.sendTimeout()
					+ " (unisights.delivery.kafka.send-timeout)", false, this.retryAfter);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new QueueFullException("Interrupted while Kafka acknowledged the item", true, this.retryAfter);
		}
	}

	private QueueFullException refused(StoredDelivery item, Throwable failure) {
		String problem = BrokerHealth.problem("sending", failure);
		if (failure instanceof RecordTooLargeException) {
			// The brokers answer; this item alone is beyond their message size.
			logger.warn("Kafka refused delivery " + SingleLine.escape(item.id()) + " of " + item.bytes().length
					+ " bytes as too large: raise the topic's max.message.bytes and the producer's max.request.size"
					+ " above the largest body the collector accepts");
		}
		else {
			failed(problem);
			logger.debug("Kafka refused delivery " + SingleLine.escape(item.id()) + ": "
					+ SingleLine.escape(failure.getMessage()));
		}
		return new QueueFullException("Kafka did not take the item: " + problem, false, this.retryAfter);
	}

	/** A call to the brokers besides the store's own succeeded (a dead letter's). */
	void reached() {
		this.health.succeeded();
	}

	/**
	 * A call to the brokers besides the store's own failed (a dead letter's).
	 * @param problem what failed, as health details may show it
	 */
	void unreachable(String problem) {
		failed(problem);
	}

	/** Whether the store stops or is closed, and a call to the brokers should not wait for them. */
	boolean stopping() {
		return this.stopping || !this.open;
	}

	/** See {@link RecordIntake#holdCommits()}. */
	void holdCommits() {
		this.intake.holdCommits();
	}

	private void failed(String problem) {
		if (this.health.failed(problem)) {
			logger.warn("The delivery store cannot write to Kafka (" + problem + "): requests are answered 503"
					+ " until a check every " + this.settings.recheckInterval() + " finds the brokers again");
		}
		scheduleRecheck();
	}

	private void scheduleRecheck() {
		ScheduledExecutorService executor = this.recheck;
		if (executor != null && !executor.isShutdown() && this.rechecking.compareAndSet(false, true)) {
			executor.schedule(this::recheck, this.settings.recheckInterval().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void recheck() {
		TopicCheck check = this.topicCheck;
		String problem = (check != null) ? check.check() : "the delivery store is closed";
		this.rechecking.set(false);
		if (problem == null) {
			this.health.succeeded();
			logger.info("The delivery store writes to Kafka again");
		}
		else {
			this.health.failed(problem);
			scheduleRecheck();
		}
	}

	@Override
	public @Nullable StoredDelivery take(long timeoutMillis) throws InterruptedException {
		return this.intake.take(timeoutMillis);
	}

	@Override
	public void remove(StoredDelivery item) {
		this.intake.settled(item);
	}

	@Override
	public boolean durable() {
		return true;
	}

	@Override
	public Availability availability() {
		return this.open ? this.health.availability() : Availability.unavailable("the delivery store is closed");
	}

	@Override
	public List<StoredDelivery> close() {
		synchronized (this) {
			if (!this.open) {
				return List.of();
			}
			this.open = false;
		}
		this.intake.close(CLOSE_TIMEOUT);
		ScheduledExecutorService executor = this.recheck;
		if (executor != null) {
			executor.shutdownNow();
		}
		Producer<String, byte[]> producer = this.producer;
		if (producer != null) {
			producer.close(CLOSE_TIMEOUT);
		}
		TopicCheck check = this.topicCheck;
		if (check != null) {
			check.close();
		}
		return List.of();
	}

	/**
	 * Items this instance's consumers handed to the workers and that are not delivered or
	 * dead-lettered yet; what waits in the topic is its consumer lag.
	 */
	@Override
	public int size() {
		return this.intake.inHand();
	}

	/**
	 * Partitions of the topic this instance's consumers own now.
	 * @return the count, {@code 0} before the group assigned any
	 */
	int assignedPartitions() {
		return this.intake.assignedPartitions();
	}

	/** The topic is the queue: the brokers' retention bounds it, not this instance. */
	@Override
	public int capacity() {
		return Integer.MAX_VALUE;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/** Stops handing out records before the dispatcher drains what its workers hold. */
	@Override
	public void stop() {
		this.stopping = true;
		this.running = false;
		if (this.open) {
			this.intake.stopIntake();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
