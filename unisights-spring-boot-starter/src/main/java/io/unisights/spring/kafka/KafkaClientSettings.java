package io.unisights.spring.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Builds the configuration of the collector's own Kafka clients from what Boot would give
 * the host's clients ({@code spring.kafka.*} and the {@link KafkaConnectionDetails} of a
 * service connection), then a feature's own servers and settings, and last the settings
 * the collector relies on. The host's own clients stay as they are: the collector never
 * injects or replaces them.
 */
public final class KafkaClientSettings {

	/** Header carrying the delivery id, stable across retries. */
	public static final String ID_HEADER = "unisights-id";

	/** Header carrying the channel's wire name. */
	public static final String CHANNEL_HEADER = "unisights-channel";

	/**
	 * How long a producer waits for more records before it sends, in milliseconds, unless
	 * {@code linger.ms} is configured. Every send of the collector waits for its
	 * acknowledgement (a request is answered after it, a delivery attempt ends with it), so
	 * lingering adds its whole time to each answer and each attempt; records still share
	 * batches while earlier sends are in flight.
	 */
	private static final int DEFAULT_LINGER_MILLIS = 0;

	/**
	 * Most bytes of records a producer gathers into one batch of a partition, unless
	 * {@code batch.size} is configured. Kafka's default, 16 KB, holds a single 100-event
	 * beacon (14 KB), so each such record went to the broker in a produce request of its
	 * own; 256 KB holds 18, sent together while earlier sends are in flight. A batch is
	 * taken from the producer's buffer pool ({@code buffer.memory}, 32 MB) and sent as soon
	 * as the connection is free: no record waits for a batch to fill.
	 */
	static final int DEFAULT_BATCH_BYTES = 256 * 1024;

	private final KafkaProperties properties;

	private final KafkaConnectionDetails connection;

	/**
	 * Creates the settings.
	 * @param properties Boot's {@code spring.kafka.*}
	 * @param connection the context's connection details, or {@code null} to take them
	 * from {@code properties} (a host that excluded Boot's Kafka auto-configuration)
	 * @param sslBundles the context's SSL bundles, for {@code spring.kafka.*.ssl.bundle}
	 */
	public KafkaClientSettings(KafkaProperties properties, @Nullable KafkaConnectionDetails connection,
			@Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.connection = (connection != null) ? connection : new PropertiesConnectionDetails(properties, sslBundles);
	}

	/**
	 * A producer that sends each record once and in order ({@code enable.idempotence},
	 * {@code acks=all}) and gives up within the send timeout: a send is retried by the
	 * collector's own machinery (the delivery retries, or the sender's retry after a 503),
	 * never for minutes inside the client, so a retry never races it.
	 * @param clientId the client id, appended to a configured one so that the collector's
	 * clients stay apart from the host's in metrics, quotas and broker logs
	 * @param bootstrapServers brokers that replace those of Boot's connection, if any
	 * @param overrides the feature's producer settings, by their Kafka names
	 * @param sendTimeout longest a send may take, acknowledgement included
	 * @return the configuration
	 */
	public Map<String, Object> producer(String clientId, @Nullable List<String> bootstrapServers,
			Map<String, String> overrides, Duration sendTimeout) {
		Map<String, Object> config = new HashMap<>(this.properties.buildProducerProperties());
		connect(config, this.connection.getProducer(), bootstrapServers);
		nameClient(config, clientId);
		// The host's retries=0 would make the idempotent producer refuse to start; the
		// delivery timeout below bounds the client's own retries instead.
		config.remove(ProducerConfig.RETRIES_CONFIG);
		config.putAll(overrides);
		config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, DEFAULT_BATCH_BYTES);
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		int timeout = (int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis());
		int linger = linger(config.get(ProducerConfig.LINGER_MS_CONFIG), timeout);
		int request = Math.max(1, Math.min(30_000, timeout - linger));
		config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
		// Kafka insists on delivery >= linger + request.
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeout, linger + request));
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
		return config;
	}

	// A configured linger (spring.kafka.producer.properties or the feature's own settings),
	// at most half the send timeout so that the request keeps the other half.
	private static int linger(@Nullable Object configured, int timeout) {
		if (configured == null) {
			return DEFAULT_LINGER_MILLIS;
		}
		int linger;
		try {
			linger = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(configured.toString().trim()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("linger.ms must be a whole number of milliseconds, not '" + configured
					+ "'", ex);
		}
		if (linger < 0) {
			throw new IllegalArgumentException("linger.ms must not be negative, not " + linger);
		}
		return Math.min(linger, timeout / 2);
	}

	/**
	 * A consumer on Boot's connection and {@code spring.kafka.consumer.*}, with the
	 * feature's settings over them.
	 * @param clientId the client id, appended to a configured one
	 * @param bootstrapServers brokers that replace those of Boot's connection, if any
	 * @param overrides the feature's consumer settings, by their Kafka names
	 * @return the configuration
	 */
	public Map<String, Object> consumer(String clientId, @Nullable List<String> bootstrapServers,
			Map<String, String> overrides) {
		Map<String, Object> config = new HashMap<>(this.properties.buildConsumerProperties());
		connect(config, this.connection.getConsumer(), bootstrapServers);
		nameClient(config, clientId);
		config.putAll(overrides);
		return config;
	}

	/**
	 * An admin client on Boot's connection and {@code spring.kafka.admin.*}.
	 * @param clientId the client id, appended to a configured one
	 * @param bootstrapServers brokers that replace those of Boot's connection, if any
	 * @return the configuration
	 */
	public Map<String, Object> admin(String clientId, @Nullable List<String> bootstrapServers) {
		Map<String, Object> config = new HashMap<>(this.properties.buildAdminProperties());
		connect(config, this.connection.getAdmin(), bootstrapServers);
		nameClient(config, clientId);
		return config;
	}

	private static void connect(Map<String, Object> config, KafkaConnectionDetails.Configuration connection,
			@Nullable List<String> bootstrapServers) {
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
		if (StringUtils.hasLength(connection.getSecurityProtocol())) {
			config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
		}
		SslBundle sslBundle = connection.getSslBundle();
		if (sslBundle != null) {
			config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
			config.put(SslBundle.class.getName(), sslBundle);
		}
		if (bootstrapServers != null && !bootstrapServers.isEmpty()) {
			config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers));
		}
	}

	private static void nameClient(Map<String, Object> config, String clientId) {
		Object configured = config.get(CommonClientConfigs.CLIENT_ID_CONFIG);
		config.put(CommonClientConfigs.CLIENT_ID_CONFIG, (configured != null) ? configured + "-" + clientId : clientId);
	}

	/**
	 * Boot's own connection details from {@code spring.kafka.*}, for a host that excluded
	 * the Kafka auto-configuration which would otherwise contribute them.
	 */
	private record PropertiesConnectionDetails(KafkaProperties properties,
			@Nullable SslBundles sslBundles) implements KafkaConnectionDetails {

		@Override
		public List<String> getBootstrapServers() {
			return this.properties.getBootstrapServers();
		}

		@Override
		public Configuration getProducer() {
			KafkaProperties.Producer producer = this.properties.getProducer();
			return configuration(producer.getBootstrapServers(), producer.getSsl(), producer.getSecurity());
		}

		@Override
		public Configuration getConsumer() {
			KafkaProperties.Consumer consumer = this.properties.getConsumer();
			return configuration(consumer.getBootstrapServers(), consumer.getSsl(), consumer.getSecurity());
		}

		@Override
		public Configuration getAdmin() {
			KafkaProperties.Admin admin = this.properties.getAdmin();
			return configuration(null, admin.getSsl(), admin.getSecurity());
		}

		private Configuration configuration(@Nullable List<String> servers, KafkaProperties.Ssl ssl,
				KafkaProperties.Security security) {
			String bundle = StringUtils.hasLength(ssl.getBundle()) ? ssl.getBundle()
					: this.properties.getSsl().getBundle();
			String protocol = StringUtils.hasLength(security.getProtocol()) ? security.getProtocol()
					: this.properties.getSecurity().getProtocol();
			SslBundle sslBundle = (bundle != null && this.sslBundles != null) ? this.sslBundles.getBundle(bundle)
					: null;
			return Configuration.of((servers != null) ? servers : getBootstrapServers(), sslBundle, protocol);
		}

	}

}
