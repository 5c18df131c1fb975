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
import java.util.concurrent.atomic.AtomicIntegerArray;
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
 * item of it was delivered or dead-lettered ({@link #settled}); an offset is committed
 * only once the record and every record before it in the batch settled, the run of
 * settled records from the start of the batch every 100 ms and the whole batch at its
 * end. The listener thread holds the batch meanwhile, so no rebalance takes its
 * partitions away; an instance that dies leaves what it had not committed to the group,
 * which delivers it again: duplicates are the records in flight, never a loss.
 * <p>
 * Once {@linkplain #stopIntake() stopped}, no batch is handed out or committed any more:
 * the batch in hand drains, a later one stays uncommitted for the next start.
 */
final class RecordIntake implements BatchAcknowledgingMessageListener<String, byte[]> {

	private static final Log logger = LogFactory.getLog(RecordIntake.class);

	private static final long WAIT_MILLIS = 100;

	private static final byte[] NO_BYTES = {};

	private final BlockingQueue<StoredDelivery> handoff = new LinkedBlockingQueue<>();

	private final Map<Long, Slot> pending = new ConcurrentHashMap<>();

	private final AtomicLong seqs = new AtomicLong();

	private final ConcurrentMessageListenerContainer<String, byte[]> container;

	// No batch is handed out after this; set for good, so that no later batch commits an
	// offset beyond one that was not handled.
	private volatile boolean stopped;

	// The store closes: a batch still in hand is given up, uncommitted.
	private volatile boolean released;

	// A dead letter was not acknowledged: no offset is committed any more, so that its
	// record is delivered again after the restart.
	private volatile boolean held;

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
		Batch batch = new Batch(records.size());
		for (int i = 0; i < records.size(); i++) {
			long seq = this.seqs.incrementAndGet();
			this.pending.put(seq, new Slot(batch, i));
			this.handoff.add(item(seq, records.get(i)));
		}
		int committed = -1;
		try {
			while (!batch.awaitSettled(WAIT_MILLIS)) {
				if (this.released) {
					return;
				}
				// What settled from the start of the batch is committed while the rest is
				// handled, so that a crash delivers again little more than what was in flight.
				int settled = batch.settledPrefix(committed);
				if (settled > committed && commit(() -> acknowledgment.acknowledge(settled), settled + 1)) {
					committed = settled;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		commit(acknowledgment::acknowledge, records.size());
	}

	private boolean commit(Runnable acknowledgement, int count) {
		if (this.held) {
			return false;
		}
		try {
			acknowledgement.run();
			return true;
		}
		catch (RuntimeException ex) {
			// The items were handled: a later commit covers their offsets, unless the
			// partitions moved, in which case their new owner delivers them again.
			logger.warn("Could not commit the offsets of " + count + " handled record(s): "
					+ SingleLine.escape(ex.getMessage()));
			return false;
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
		Slot slot = this.pending.remove(item.seq());
		if (slot != null) {
			slot.batch().settle(slot.index());
		}
	}

	/**
	 * Commits no offset any more, for this instance's life: the batch in hand and any later
	 * one stay uncommitted, to be delivered again after the restart. For a dead letter the
	 * brokers did not acknowledge while the store stops, whose record must not be passed.
	 */
	void holdCommits() {
		this.held = true;
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

	/** Where an item handed out sits in its batch. */
	private record Slot(Batch batch, int index) {

	}

	/** The records of one poll, and which of them were delivered or dead-lettered. */
	private static final class Batch {

		private final AtomicIntegerArray settled;

		private final CountDownLatch left;

		Batch(int size) {
			this.settled = new AtomicIntegerArray(size);
			this.left = new CountDownLatch(size);
		}

		void settle(int index) {
			if (this.settled.compareAndSet(index, 0, 1)) {
				this.left.countDown();
			}
		}

		boolean awaitSettled(long millis) throws InterruptedException {
			return this.left.await(millis, TimeUnit.MILLISECONDS);
		}

		/**
		 * The last index up to which every record settled.
		 * @param from an index known to be settled up to, or {@code -1}
		 */
		int settledPrefix(int from) {
			int index = from;
			while (index + 1 < this.settled.length() && this.settled.get(index + 1) == 1) {
				index++;
			}
			return index;
		}

	}

}
