package io.unisights.spring.forward;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.unisights.spring.Channel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Forwarding of accepted items to Kafka or a webhook ({@code unisights.forward.*}).
 *
 * @param kafka Forwarding to Kafka
 * @param webhook Forwarding to a signed webhook
 */
@ConfigurationProperties("unisights.forward")
public record ForwardProperties(@DefaultValue Kafka kafka, @DefaultValue Webhook webhook) {

	/**
	 * Forwarding to Kafka; on when Boot's Kafka module ({@code spring-boot-starter-kafka})
	 * is on the classpath and a topic is set, either {@code topic} or one of {@code topics}.
	 * The producer is built from Boot's {@code spring.kafka.*} settings and connection
	 * details, with the settings below on top.
	 *
	 * @param topic Topic for every channel without a topic of its own
	 * @param topics Topic per channel, by channel name (beacon, open, click, ingest); a
	 * channel with neither its own topic nor the common topic is not forwarded to Kafka
	 * @param bootstrapServers Brokers to connect to, instead of those of Boot's Kafka
	 * connection (spring.kafka.producer.bootstrap-servers, spring.kafka.bootstrap-servers or
	 * a service connection)
	 * @param sendTimeout How long a send may take, acknowledgement included, before it
	 * counts as failed and is retried
	 * @param producer Further Kafka producer settings, by their Kafka names, applied over
	 * spring.kafka.producer.*; idempotence and acks=all are always on
	 */
	public record Kafka(@Nullable String topic, @Nullable Map<String, String> topics,
			@Nullable List<String> bootstrapServers, @DefaultValue("10s") Duration sendTimeout,
			@Nullable Map<String, String> producer) {

		/**
		 * Checks the components and, where needed, normalises them (defaults, immutable copies).
		 */
		public Kafka {
			topics = (topics != null) ? Map.copyOf(topics) : Map.of();
			producer = (producer != null) ? Map.copyOf(producer) : Map.of();
			for (String name : topics.keySet()) {
				channel(name);
			}
			if (sendTimeout.isNegative() || sendTimeout.isZero()) {
				throw new IllegalArgumentException(
						"unisights.forward.kafka.send-timeout must be positive but was " + sendTimeout);
			}
		}

		/**
		 * Returns the topic of every channel that has one: its own, or else the common
		 * topic. Channels without either are absent and not forwarded to Kafka.
		 * @return the topics, possibly empty
		 */
		public Map<Channel, String> topicsByChannel() {
			Map<Channel, String> byChannel = new EnumMap<>(Channel.class);
			for (Channel channel : Channel.values()) {
				String own = topicOf(channel);
				String topic = (own != null && !own.isBlank()) ? own : this.topic;
				if (topic != null && !topic.isBlank()) {
					byChannel.put(channel, topic);
				}
			}
			return byChannel;
		}

		private @Nullable String topicOf(Channel channel) {
			for (Map.Entry<String, String> entry : this.topics.entrySet()) {
				if (channel(entry.getKey()) == channel) {
					return entry.getValue();
				}
			}
			return null;
		}

		private static Channel channel(String name) {
			for (Channel channel : Channel.values()) {
				if (channel.wireName().equals(name.toLowerCase(Locale.ROOT))) {
					return channel;
				}
			}
			throw new IllegalArgumentException("unisights.forward.kafka.topics." + name
					+ " names no channel; use beacon, open, click or ingest");
		}

	}

	/**
	 * Forwarding to a webhook signed per Standard Webhooks; on when a URL is set.
	 *
	 * @param url The http or https URL to POST each item to; user-info is sent as Basic
	 * authentication, and user-info and query are masked wherever the URL is shown
	 * @param secret The signing secret, whsec_ followed by base64
	 * @param timeout Longest one exchange may take: connecting, sending and reading the
	 * whole answer
	 */
	public record Webhook(@Nullable URI url, @Nullable String secret, @DefaultValue("10s") Duration timeout) {

		@Override
		public String toString() {
			// The secret must never reach a log line, nor credentials in the URL.
			return "Webhook[url=" + ((this.url != null) ? WebhookUrl.mask(this.url) : null) + ", secret="
					+ ((this.secret != null) ? "******" : null) + ", timeout=" + this.timeout + "]";
		}

	}

}
