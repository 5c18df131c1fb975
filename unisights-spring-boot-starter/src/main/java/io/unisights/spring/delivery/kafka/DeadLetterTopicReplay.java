package io.unisights.spring.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.ReplayResult;
import io.unisights.wire.SingleLine;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads the dead-letter topic back for a replay, in a consumer group of its own: from
 * the group's committed offsets (the topic's start the first time) up to the end each
 * partition had when the replay began, so that what fails again, written back to the
 * topic, waits for the next replay. Each record's offset is committed once it was
 * delivered or written again; a replay cut short by the brokers leaves the rest for the
 * next one. Replays of two instances at once may deliver a letter twice, under its id.
 */
final class DeadLetterTopicReplay {

	private static final Log logger = LogFactory.getLog(DeadLetterTopicReplay.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final ConsumerFactory<String, byte[]> consumers;

	private final String topic;

	private final String groupId;

	private final Duration timeout;

	private final Writer writer;

	DeadLetterTopicReplay(ConsumerFactory<String, byte[]> consumers, String topic, String groupId, Duration timeout,
			Writer writer) {
		this.consumers = consumers;
		this.topic = topic;
		this.groupId = groupId;
		this.timeout = timeout;
		this.writer = writer;
	}

	ReplayResult replay(Function<DeadLetter<Receipt>, @Nullable DeadLetter<Receipt>> redeliver) {
		try (Consumer<String, byte[]> consumer = consumer()) {
			List<TopicPartition> partitions = partitions(consumer);
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, this.timeout);
			Set<TopicPartition> open = new HashSet<>();
			for (TopicPartition partition : partitions) {
				if (consumer.position(partition, this.timeout) < end.get(partition)) {
					open.add(partition);
				}
			}
			consumer.pause(difference(partitions, open));
			Tally tally = new Tally();
			long idleSince = System.nanoTime();
			while (!open.isEmpty()) {
				boolean progressed = false;
				for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (!open.contains(partition)) {
						continue;
					}
					if (record.offset() >= end.get(partition)) {
						// Written since the replay began: left for the next one.
						close(consumer, open, partition);
						continue;
					}
					replay(record, redeliver, tally);
					consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)), this.timeout);
					progressed = true;
					if (record.offset() + 1 >= end.get(partition)) {
						close(consumer, open, partition);
					}
				}
				if (progressed) {
					idleSince = System.nanoTime();
				}
				else if (System.nanoTime() - idleSince > this.timeout.toNanos()) {
					throw new IllegalStateException("The dead-letter topic " + this.topic + " gave no records for "
							+ this.timeout + " before its end; " + tally.delivered + " letter(s) were delivered, the "
							+ "rest waits for the next replay");
				}
			}
			return new ReplayResult(tally.delivered, tally.failedAgain + tally.unreadable, tally.unreadable);
		}
	}

	private static void close(Consumer<String, byte[]> consumer,
			Set<TopicPartition> open, TopicPartition partition) {
		open.remove(partition);
		consumer.pause(Set.of(partition));
	}

	private void replay(ConsumerRecord<String, byte[]> record,
			Function<DeadLetter<Receipt>, @Nullable DeadLetter<Receipt>> redeliver, Tally tally) {
		DeadLetter<Receipt> letter;
		try {
			letter = Receipt.deadLetterLines().read(new String(record.value(), StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			// Kept as it is, for a person to repair.
			logger.warn("Keeping dead-letter record " + record.partition() + "@" + record.offset() + " of "
					+ SingleLine.escape(this.topic) + " that cannot be read: " + SingleLine.escape(ex.getMessage()));
			ProducerRecord<String, byte[]> again = new ProducerRecord<>(this.topic, record.key(), record.value());
			for (Header header : record.headers()) {
				again.headers().add(header);
			}
			this.writer.write(again);
			tally.unreadable++;
			return;
		}
		DeadLetter<Receipt> kept = redeliver.apply(letter);
		if (kept == null) {
			tally.delivered++;
			return;
		}
		this.writer.write(KafkaDeadLetterTopic.record(this.topic, kept.id(), kept.detail().channel().wireName(),
				Receipt.deadLetterLines().write(kept).getBytes(StandardCharsets.UTF_8)));
		tally.failedAgain++;
	}

	private static Set<TopicPartition> difference(List<TopicPartition> all, Set<TopicPartition> open) {
		Set<TopicPartition> rest = new HashSet<>(all);
		rest.removeAll(open);
		return rest;
	}

	/**
	 * Counts the records the replay has not read yet.
	 * @return the count
	 */
	long waiting() {
		try (Consumer<String, byte[]> consumer = consumer()) {
			List<TopicPartition> partitions = partitions(consumer);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, this.timeout);
			Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, this.timeout);
			Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
					this.timeout);
			long waiting = 0;
			for (TopicPartition partition : partitions) {
				OffsetAndMetadata offset = committed.get(partition);
				long from = Math.max(start.get(partition), (offset != null) ? offset.offset() : 0);
				waiting += Math.max(0, end.get(partition) - from);
			}
			return waiting;
		}
	}

	private Consumer<String, byte[]> consumer() {
		return this.consumers.createConsumer(this.groupId, null, "-dead-letters");
	}

	/** Writes a record to the topic and waits for its acknowledgement. */
	@FunctionalInterface
	interface Writer {

		void write(ProducerRecord<String, byte[]> record);

	}

	/** What a replay did so far. */
	private static final class Tally {

		int delivered;

		int failedAgain;

		int unreadable;

	}

	private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
		List<PartitionInfo> infos = consumer.partitionsFor(this.topic, this.timeout);
		return infos.stream().map((info) -> new TopicPartition(this.topic, info.partition())).toList();
	}

}
