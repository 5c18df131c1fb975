package io.unisights.spring.delivery.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

import io.unisights.wire.SingleLine;

/**
 * Asks the brokers whether the store can write: its topics (the delivery topic and the
 * dead-letter topic) exist, created here when they do not, and every partition has a
 * leader. A question the brokers do not answer within
 * the timeout counts as a failure, so the check never hangs.
 */
final class TopicCheck implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(TopicCheck.class);

	private final Admin admin;

	private final List<String> topics;

	private final int partitions;

	private final short replicationFactor;

	private final Duration timeout;

	TopicCheck(Map<String, Object> adminConfig, List<String> topics, int partitions, short replicationFactor,
			Duration timeout) {
		this.admin = Admin.create(adminConfig);
		this.topics = List.copyOf(topics);
		this.partitions = partitions;
		this.replicationFactor = replicationFactor;
		this.timeout = timeout;
	}

	/**
	 * Checks the topics.
	 * @return {@code null} when every partition has a leader; otherwise what is wrong, as
	 * health details may show it
	 */
	@Nullable String check() {
		int millis = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		long deadline = deadline(millis);
		Map<String, TopicDescription> descriptions;
		try {
			descriptions = await(this.admin.describeTopics(this.topics, new DescribeTopicsOptions().timeoutMs(millis))
				.allTopicNames(), deadline);
		}
		catch (CallFailed ex) {
			return (ex.getCause() instanceof UnknownTopicOrPartitionException) ? create(millis)
					: failed("checking the topic", ex.getCause());
		}
		for (TopicDescription description : descriptions.values()) {
			for (TopicPartitionInfo partition : description.partitions()) {
				Node leader = partition.leader();
				if (leader == null || leader.isEmpty()) {
					return "partition " + partition.partition() + " of a topic has no leader";
				}
			}
		}
		return null;
	}

	/** Creates the topics that do not exist; the next check tells whether they have leaders. */
	private String create(int millis) {
		Optional<Short> replicas = (this.replicationFactor > 0) ? Optional.of(this.replicationFactor)
				: Optional.empty();
		List<NewTopic> topics = this.topics.stream()
			.map((name) -> new NewTopic(name, Optional.of(this.partitions), replicas))
			.toList();
		Map<String, KafkaFuture<Void>> created = this.admin
			.createTopics(topics, new CreateTopicsOptions().timeoutMs(millis))
			.values();
		long deadline = deadline(millis);
		for (Map.Entry<String, KafkaFuture<Void>> topic : created.entrySet()) {
			try {
				await(topic.getValue(), deadline);
				logger.info("Created the delivery store's topic " + SingleLine.escape(topic.getKey()) + " with "
						+ this.partitions + " partition(s)");
			}
			catch (CallFailed ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					return failed("creating the topic", ex.getCause());
				}
			}
		}
		return "the topic was just created";
	}

	private static long deadline(int millis) {
		return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
	}

	/**
	 * Waits for one answer of the brokers until the deadline. Every way it can fail ends
	 * in one exception whose cause says why, so each caller handles failure once.
	 */
	private static <T> T await(KafkaFuture<T> answer, long deadline) throws CallFailed {
		try {
			return answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw new CallFailed((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
			throw new CallFailed(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CallFailed(ex);
		}
	}

	private String failed(String what, Throwable cause) {
		logger.debug("Kafka: " + what + " " + SingleLine.escape(String.join(", ", this.topics)) + " failed: "
				+ SingleLine.escape(cause.getMessage()));
		return BrokerHealth.problem(what, cause);
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

	/** An admin call that failed, timed out or was interrupted; the cause says which. */
	private static final class CallFailed extends Exception {

		private static final long serialVersionUID = 1L;

		CallFailed(Throwable cause) {
			super(cause);
		}

	}

}
