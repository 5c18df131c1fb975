package io.unisights.spring.delivery.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.ReplayResult;
import io.unisights.spring.delivery.deadletter.DeadLetterEndpoint;
import io.unisights.spring.delivery.deadletter.ReplayableDeadLetterSink;
import io.unisights.spring.kafka.KafkaClientSettings;
import io.unisights.wire.SingleLine;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The kafka store's dead letters ({@code unisights.delivery.kafka.dead-letter-topic}): an
 * item the handlers failed to take is one record of the dead-letter topic, keyed by its
 * delivery id, with the store's {@code unisights-id} and {@code unisights-channel}
 * headers and the dead-letter file's line as its value ({@link Receipt#deadLetterLines()}).
 * {@link #accept} returns once the brokers acknowledged the record, and only then is the
 * item's own record passed in the delivery topic: while the brokers cannot be reached the
 * worker tries again every recheck interval. Should the store stop before they answer,
 * it commits no offset any more, and the item is delivered again after the restart; a
 * record the brokers refuse for good (too large) fails at once, and the dispatcher logs
 * the item at ERROR as for any sink.
 * <p>
 * The {@linkplain #replay replay} reads the topic in a consumer group of its own
 * ({@code group-id} and {@code -dead-letters}) up to where it stood when the replay began,
 * and commits each record once it was delivered or written again.
 */
final class KafkaDeadLetterTopic implements ReplayableDeadLetterSink {

	private static final Log logger = LogFactory.getLog(KafkaDeadLetterTopic.class);

	private final ProducerFactory<String, byte[]> producers;

	private final KafkaDeliveryStore store;

	private final String topic;

	private final Duration sendTimeout;

	private final Duration retryInterval;

	private final DeadLetterTopicReplay replay;

	private volatile @Nullable Producer<String, byte[]> producer;

	KafkaDeadLetterTopic(ProducerFactory<String, byte[]> producers, ConsumerFactory<String, byte[]> consumers,
			KafkaDeliveryStore store, KafkaDeliveryProperties settings) {
		this.producers = producers;
		this.store = store;
		this.topic = settings.deadLetterTopic();
		this.sendTimeout = settings.sendTimeout();
		this.retryInterval = settings.recheckInterval();
		this.replay = new DeadLetterTopicReplay(consumers, this.topic, settings.groupId() + "-dead-letters",
				settings.sendTimeout(), this::send);
	}

	@Override
	public void accept(DeadLetter<Receipt> letter) {
		ProducerRecord<String, byte[]> record = record(letter.id(), letter.detail().channel().wireName(),
				Receipt.deadLetterLines().write(letter).getBytes(StandardCharsets.UTF_8));
		boolean warned = false;
		while (true) {
			try {
				send(record);
				return;
			}
			catch (RetriableFailure ex) {
				// An interrupted worker is being stopped as well: waiting on would only spin, since
				// every further sleep and send returns at once.
				if (this.store.stopping() || Thread.currentThread().isInterrupted()) {
					this.store.holdCommits();
					throw new IllegalStateException("Kafka did not acknowledge the dead letter, and the store stops: "
							+ "its record in the delivery topic stays uncommitted, to be delivered again", ex.getCause());
				}
				if (!warned) {
					logger.warn("Kafka does not acknowledge the dead letter of delivery " + SingleLine.escape(letter.id())
							+ " (" + BrokerHealth.problem("sending", ex.getCause()) + "): trying again every "
							+ this.retryInterval + ", its record in the delivery topic stays uncommitted meanwhile");
					warned = true;
				}
				pause();
			}
		}
	}

	static ProducerRecord<String, byte[]> record(String topic, String id, String channel, byte[] value) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, id, value);
		record.headers().add(KafkaClientSettings.ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
		record.headers().add(KafkaClientSettings.CHANNEL_HEADER, channel.getBytes(StandardCharsets.UTF_8));
		return record;
	}

	private ProducerRecord<String, byte[]> record(String id, String channel, byte[] value) {
		return record(this.topic, id, channel, value);
	}

	/**
	 * Writes a record and waits for the brokers' acknowledgement.
	 * @throws RetriableFailure if they did not acknowledge it in time, or answered with an
	 * error worth trying again
	 * @throws KafkaException if they refused it for good
	 */
	void send(ProducerRecord<String, byte[]> record) {
		try {
			producer().send(record).get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
			this.store.reached();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RetriableException) {
				throw retriable(cause);
			}
			throw (cause instanceof KafkaException kafka) ? kafka : new KafkaException(cause);
		}
		catch (RetriableException | TimeoutException ex) {
			throw retriable(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetriableFailure(ex);
		}
	}

	private RetriableFailure retriable(Throwable cause) {
		this.store.unreachable(BrokerHealth.problem("sending a dead letter", cause));
		return new RetriableFailure(cause);
	}

	private Producer<String, byte[]> producer() {
		Producer<String, byte[]> producer = this.producer;
		if (producer == null) {
			synchronized (this) {
				producer = this.producer;
				if (producer == null) {
					// The store's own producer: the factory hands out one shared instance.
					producer = this.producers.createProducer();
					this.producer = producer;
				}
			}
		}
		return producer;
	}

	private void pause() {
		try {
			Thread.sleep(this.retryInterval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized ReplayResult replay(Function<DeadLetter<Receipt>, @Nullable DeadLetter<Receipt>> redeliver) {
		return this.replay.replay(redeliver);
	}

	@Override
	public String location() {
		return "kafka:" + this.topic;
	}

	/**
	 * Describes the topic.
	 * @return its name, {@code -1} bytes, and the records the replay has not read yet
	 */
	@Override
	public DeadLetterEndpoint.Summary summary() {
		return new DeadLetterEndpoint.Summary(location(), -1, this.replay.waiting());
	}

	/** The brokers did not acknowledge a record in time, or asked for another try. */
	static final class RetriableFailure extends RuntimeException {

		RetriableFailure(Throwable cause) {
			super(cause.getMessage(), cause);
		}

	}

}
