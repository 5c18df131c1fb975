package io.unisights.spring.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.delivery.StoredDelivery;
import io.unisights.spring.kafka.KafkaClientSettings;
import io.unisights.wire.SingleLine;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchAcknowledgingMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The consuming side of the store: a listener container in the store's consumer group
 * hands each polled batch of records to the dispatcher's workers and waits until every
 * item of it was delivered or dead-lettered ({@link #settled}); only then are the batch's
 * offsets committed. An instance that dies, or a rebalance that takes a partition away
 * first, leaves the batch uncommitted, and the group delivers it again: duplicates are
 * the records in flight, never a loss.
 * <p>
 * Once {@linkplain #stopIntake() stopped}, no batch is handed out or committed any more:
 * the batch in hand drains, a later one stays uncommitted for the next start.
 */
final class RecordIntake implements BatchAcknowledgingMessageListener<String, byte[]> {

	private static final Log logger = LogFactory.getLog(RecordIntake.class);

	private static final long WAIT_MILLIS = 100;

	private static final byte[] NO_BYTES = {};

	private final BlockingQueue<StoredDelivery> handoff = new LinkedBlockingQueue<>();

	private final Map<Long, CountDownLatch> pending = new ConcurrentHashMap<>();

	private final AtomicLong seqs = new AtomicLong();

	private final ConcurrentMessageListenerContainer<String, byte[]> container;

	// No batch is handed out after this; set for good, so that no later batch commits an
	// offset beyond one that was not handled.
	private volatile boolean stopped;

	// The store closes: a batch still in hand is given up, uncommitted.
	private volatile boolean released;

	RecordIntake(ConsumerFactory<String, byte[]> consumers, String topic, String groupId, int concurrency) {
		ContainerProperties properties = new ContainerProperties(topic);
		properties.setGroupId(groupId);
		properties.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
		properties.setPollTimeout(1000);
		properties.setMessageListener(this);
		this.container = new ConcurrentMessageListenerContainer<>(consumers, properties);
		this.container.setConcurrency(concurrency);
		this.container.setBeanName("unisightsDeliveryConsumer");
	}

	void start() {
		this.container.start();
	}

	@Override
	public void onMessage(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
		if (this.stopped || records.isEmpty()) {
			return;
		}
		CountDownLatch batch = new CountDownLatch(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			long seq = this.seqs.incrementAndGet();
			this.pending.put(seq, batch);
			this.handoff.add(item(seq, record));
		}
		try {
			while (!batch.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
				if (this.released) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		try {
			acknowledgment.acknowledge();
		}
		catch (RuntimeException ex) {
			// Every item was handled: the next batch's commit covers these offsets, unless
			// the partitions moved, in which case their new owner delivers them again.
			logger.warn("Could not commit the offsets of " + records.size() + " delivered record(s): "
					+ SingleLine.escape(ex.getMessage()));
		}
	}

	private static StoredDelivery item(long seq, ConsumerRecord<String, byte[]> record) {
		String id = header(record, KafkaClientSettings.ID_HEADER);
		String channel = header(record, KafkaClientSettings.CHANNEL_HEADER);
		byte[] value = (record.value() != null) ? record.value() : NO_BYTES;
		// A record the store did not write is dropped by the dispatcher, which logs it by
		// this id.
		return new StoredDelivery(seq, (id != null) ? id : record.topic() + "-" + record.partition() + "@"
				+ record.offset(), channel(channel), value);
	}

	private static @Nullable String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static Channel channel(@Nullable String name) {
		if (name != null) {
			for (Channel channel : Channel.values()) {
				if (channel.wireName().equals(name)) {
					return channel;
				}
			}
		}
		return Channel.BEACON;
	}

	@Nullable StoredDelivery take(long timeoutMillis) throws InterruptedException {
		return this.handoff.poll(timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Counts an item of a batch as delivered or dead-lettered.
	 * @param item an item {@link #take} returned
	 */
	void settled(StoredDelivery item) {
		CountDownLatch batch = this.pending.remove(item.seq());
		if (batch != null) {
			batch.countDown();
		}
	}

	/** Items handed out and not settled yet. */
	int inHand() {
		return this.pending.size();
	}

	/** Partitions of the topic this instance's consumers own now. */
	int assignedPartitions() {
		Collection<TopicPartition> assigned = this.container.getAssignedPartitions();
		return (assigned != null) ? assigned.size() : 0;
	}

	/** Hands out no more batches: the consumers pause, the batch in hand drains. */
	void stopIntake() {
		this.stopped = true;
		this.container.pause();
	}

	/**
	 * Stops the consumers; a batch still in hand stays uncommitted, to be delivered again.
	 * @param timeout longest wait for the consumers to stop
	 */
	void close(Duration timeout) {
		this.stopped = true;
		this.released = true;
		this.container.getContainerProperties().setShutdownTimeout(timeout.toMillis());
		this.container.stop();
		this.handoff.clear();
		this.pending.clear();
	}

}
