package io.unisights.spring.forward;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.delivery.DeliveryException;
import io.unisights.spring.kafka.KafkaClientSettings;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends every delivery to Kafka: one record per item, keyed by
 * {@link Delivery#partitionKey()} (the session id for beacons, the event id for server
 * events) so related items share a partition, valued with the {@link ForwardedEvent} JSON,
 * with the headers {@code unisights-id} and {@code unisights-channel}.
 * <p>
 * {@link #handle(Delivery)} returns once the broker acknowledged the record and throws
 * otherwise, so a failed send goes through the delivery retries and, at last, the
 * dead-letter file. Delivery is at least once: a retry after an acknowledgement that was
 * lost in transit writes the record twice, so consumers deduplicate by {@code unisights-id}.
 * Use a producer with {@code enable.idempotence=true} and {@code acks=all}, as the
 * auto-configured one is.
 * <p>
 * A channel without a topic is not sent to Kafka: {@link #handle(Delivery)} returns at once
 * for it, so its items still reach the other handlers and count as delivered.
 */
public final class KafkaForwarder implements EventHandler {

	/** Header carrying the delivery id, stable across retries. */
	public static final String ID_HEADER = KafkaClientSettings.ID_HEADER;

	/** Header carrying the channel's wire name. */
	public static final String CHANNEL_HEADER = KafkaClientSettings.CHANNEL_HEADER;

	private final KafkaTemplate<String, byte[]> template;

	private final Map<Channel, String> topics;

	private final Duration sendTimeout;

	/**
	 * Creates a forwarder.
	 * @param template the template to send with
	 * @param topics the topic of each channel to forward; at least one, channels without a
	 * topic are not forwarded
	 * @param sendTimeout how long to wait for the broker's acknowledgement
	 */
	public KafkaForwarder(KafkaTemplate<String, byte[]> template, Map<Channel, String> topics, Duration sendTimeout) {
		if (topics.isEmpty()) {
			throw new IllegalArgumentException("no Kafka topic for any channel");
		}
		topics.forEach((channel, topic) -> {
			if (topic == null || topic.isBlank()) {
				throw new IllegalArgumentException("blank Kafka topic for channel " + channel.wireName());
			}
		});
		this.template = template;
		this.topics = Map.copyOf(topics);
		this.sendTimeout = sendTimeout;
	}

	@Override
	public void handle(Delivery delivery) {
		String topic = this.topics.get(delivery.channel());
		if (topic == null) {
			return;
		}
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, delivery.partitionKey(),
				ForwardedEvent.toBytes(delivery));
		record.headers().add(ID_HEADER, delivery.id().getBytes(StandardCharsets.UTF_8));
		record.headers().add(CHANNEL_HEADER, delivery.channel().wireName().getBytes(StandardCharsets.UTF_8));
		try {
			this.template.send(record).get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw DeliveryException.retryable("interrupted while sending " + delivery.id() + " to Kafka", null, ex);
		}
		catch (ExecutionException ex) {
			throw DeliveryException.retryable("Kafka refused " + delivery.id() + ": " + ex.getCause().getMessage(),
					null, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw DeliveryException.retryable(
					"Kafka did not acknowledge " + delivery.id() + " within " + this.sendTimeout, null, ex);
		}
	}

	@Override
	public String toString() {
		return "KafkaForwarder" + new TreeMap<>(this.topics);
	}

}
