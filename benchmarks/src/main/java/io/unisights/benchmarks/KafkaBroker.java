package io.unisights.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single Kafka broker (KRaft, Kafka's own broker code) on loopback for the benchmark
 * scripts: writes its bootstrap address to the file named by the first argument and runs
 * until the process is stopped.
 */
public final class KafkaBroker {

	private KafkaBroker() {
	}

	/**
	 * Starts the broker.
	 * @param args the file to write the bootstrap address to
	 * @throws IOException if the file cannot be written
	 * @throws InterruptedException never, the process is stopped from outside
	 */
	public static void main(String[] args) throws IOException, InterruptedException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		Path file = Path.of(args[0]);
		Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), broker.getBrokersAsString());
		Files.move(written, file);
		new CountDownLatch(1).await();
	}

}
