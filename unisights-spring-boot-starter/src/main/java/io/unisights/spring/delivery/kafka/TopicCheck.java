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
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

import io.unisights.wire.SingleLine;

/**
 * Asks the brokers whether the store can write: its topic exists, created here when it
 * does not, and every partition has a leader. A question the brokers do not answer within
 * the timeout counts as a failure, so the check never hangs.
 */
final class TopicCheck implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(TopicCheck.class);

	private final Admin admin;

	private final String topic;

	private final int partitions;

	private final short replicationFactor;

	private final Duration timeout;

	TopicCheck(Map<String, Object> adminConfig, String topic, int partitions, short replicationFactor,
			Duration timeout) {
		this.admin = Admin.create(adminConfig);
		this.topic = topic;
		this.partitions = partitions;
		this.replicationFactor = replicationFactor;
		this.timeout = timeout;
	}

	/**
	 * Checks the topic.
	 * @return {@code null} when every partition has a leader; otherwise what is wrong, as
	 * health details may show it
	 */
	@Nullable String check() {
		int millis = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		try {
			TopicDescription description = this.admin
				.describeTopics(List.of(this.topic), new DescribeTopicsOptions().timeoutMs(millis))
				.allTopicNames()
				.get(millis, TimeUnit.MILLISECONDS)
				.get(this.topic);
			for (TopicPartitionInfo partition : description.partitions()) {
				Node leader = partition.leader();
				if (leader == null || leader.isEmpty()) {
					return "partition " + partition.partition() + " of the topic has no leader";
				}
			}
			return null;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return create(millis);
			}
			return failed("checking the topic", ex);
		}
		catch (TimeoutException ex) {
			return failed("checking the topic", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while checking the topic";
		}
	}

	private String create(int millis) {
		NewTopic topic = new NewTopic(this.topic, Optional.of(this.partitions),
				(this.replicationFactor > 0) ? Optional.of(this.replicationFactor) : Optional.empty());
		try {
			this.admin.createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs(millis))
				.all()
				.get(millis, TimeUnit.MILLISECONDS);
			logger.info("Created the delivery topic " + SingleLine.escape(this.topic) + " with " + this.partitions
					+ " partition(s)");
			return "the topic was just created";
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TopicExistsException) {
				return "the topic was just created";
			}
			return failed("creating the topic", ex);
		}
		catch (TimeoutException ex) {
			return failed("creating the topic", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while creating the topic";
		}
	}

	private String failed(String what, Exception ex) {
		Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
		logger.debug("Kafka: " + what + " " + SingleLine.escape(this.topic) + " failed: "
				+ SingleLine.escape(cause.getMessage()));
		return BrokerHealth.problem(what, cause);
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
