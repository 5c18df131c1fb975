package io.unisights.spring.forward;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.unisights.ingest.WebhookSignature;
import io.unisights.spring.Channel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

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
	 * Forwarding to a webhook signed per Standard Webhooks; on when a URL is set, with a
	 * secret, a private key or both.
	 *
	 * @param url The http or https URL to POST each item to; user-info is sent as Basic
	 * authentication, and user-info and query are masked wherever the URL is shown
	 * @param secret Signing secret, whsec_ followed by base64, for v1 (HMAC-SHA256)
	 * signatures
	 * @param privateKey Ed25519 private key, whsk_ followed by the base64 of the 32-byte
	 * seed, for v1a signatures; the receiver verifies them with the whpk_ public key, so it
	 * holds nothing that could sign. With a secret as well, every request carries both
	 * @param timeout Longest one exchange may take: connecting, sending and reading the
	 * whole answer
	 */
	public record Webhook(@Nullable URI url, @Nullable String secret, @Nullable String privateKey,
			@DefaultValue("10s") Duration timeout) {

		/**
		 * Checks the components: a secret or private key that is set must be usable, so a
		 * malformed one fails startup naming its property (never its value).
		 */
		public Webhook {
			if (StringUtils.hasText(secret)) {
				check("unisights.forward.webhook.secret", () -> WebhookSignature.builder().secret(secret));
			}
			if (StringUtils.hasText(privateKey)) {
				check("unisights.forward.webhook.private-key", () -> WebhookSignature.builder().privateKey(privateKey));
			}
		}

		/**
		 * The signature this webhook's requests carry.
		 * @return the signer, from the secret and private key that are set
		 * @throws IllegalStateException if neither is set
		 */
		public WebhookSignature signature() {
			if (!StringUtils.hasText(this.secret) && !StringUtils.hasText(this.privateKey)) {
				throw new IllegalStateException("unisights.forward.webhook.url is set but neither"
						+ " unisights.forward.webhook.secret nor unisights.forward.webhook.private-key is: set the"
						+ " receiver's whsec_ secret or your whsk_ private key; unsigned webhooks are not sent");
			}
			WebhookSignature.Builder builder = WebhookSignature.builder();
			if (StringUtils.hasText(this.secret)) {
				builder.secret(this.secret);
			}
			if (StringUtils.hasText(this.privateKey)) {
				builder.privateKey(this.privateKey);
			}
			return builder.build();
		}

		private static void check(String property, Runnable reader) {
			try {
				reader.run();
			}
			catch (IllegalArgumentException ex) {
				// The message says it all: the cause would add only a stack frame.
				throw new IllegalArgumentException(property + " is not usable: " + ex.getMessage());
			}
		}

		@Override
		public String toString() {
			// The secret and private key must never reach a log line, nor credentials in the URL.
			return "Webhook[url=" + ((this.url != null) ? WebhookUrl.mask(this.url) : null) + ", secret="
					+ ((this.secret != null) ? "******" : null) + ", privateKey="
					+ ((this.privateKey != null) ? "******" : null) + ", timeout=" + this.timeout + "]";
		}

	}

}
