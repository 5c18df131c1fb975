package io.unisights.spring.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka's own KRaft broker in the test JVM, started before a test class's first test and
 * stopped after its last: register it as a static {@code @RegisterExtension} field.
 */
public final class InProcessKafka implements BeforeAllCallback, AfterAllCallback {

	private final EmbeddedKafkaKraftBroker broker;

	/**
	 * Creates the broker.
	 * @param partitions partitions of each topic created up front
	 * @param topics topics created up front
	 */
	public InProcessKafka(int partitions, String... topics) {
		this.broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.broker.afterPropertiesSet();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.broker.destroy();
	}

	/**
	 * Where the broker listens, as {@code bootstrap.servers} takes it.
	 * @return host and port
	 */
	public String servers() {
		return this.broker.getBrokersAsString();
	}

}
