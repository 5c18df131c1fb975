package io.unisights.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.BeaconPayload;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.RequestContext;
import io.unisights.spring.forward.ForwardedEvent;
import io.unisights.spring.forward.KafkaForwarder;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Forwarding throughput to a real in-process Kafka broker: {@link KafkaForwarder} with
 * workers that each wait for the acknowledgement (as the asynchronous dispatcher's workers
 * do), against the baseline of the same producer sending the same bytes, prepared
 * beforehand, with the same number of waiting threads.
 * <p>
 * Arguments: deliveries per run (default 20000), worker threads (default 8), events per
 * beacon (default 10).
 */
public final class ForwardingThroughput {

	private ForwardingThroughput() {
	}

	/**
	 * Runs the measurement and prints the figures.
	 * @param args deliveries, workers, events per beacon
	 * @throws Exception when the broker or a send fails
	 */
	public static void main(String[] args) throws Exception {
		int deliveries = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int workers = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		int events = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4, "forward", "baseline");
		broker.afterPropertiesSet();
		try {
			DefaultKafkaProducerFactory<String, byte[]> factory = producerFactory(broker.getBrokersAsString());
			KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
			Map<Channel, String> topics = new EnumMap<>(Channel.class);
			for (Channel channel : Channel.values()) {
				topics.put(channel, "forward");
			}
			KafkaForwarder forwarder = new KafkaForwarder(template, topics, Duration.ofSeconds(30));
			List<BeaconDelivery> items = deliveries(deliveries, events);
			List<ProducerRecord<String, byte[]>> records = new ArrayList<>(items.size());
			for (BeaconDelivery item : items) {
				records.add(new ProducerRecord<>("baseline", item.partitionKey(), ForwardedEvent.toBytes(item)));
			}
			// Warm both paths so neither pays for class loading and metadata.
			run(workers, Math.min(2000, deliveries), (i) -> template.send(records.get(i)).get());
			run(workers, Math.min(2000, deliveries), (i) -> forwarder.handle(items.get(i)));

			double baseline = run(workers, deliveries, (i) -> template.send(records.get(i)).get());
			double forwarded = run(workers, deliveries, (i) -> forwarder.handle(items.get(i)));
			System.out.printf("JDK %s, %d cores; %d deliveries of %d-event beacons, %d waiting workers%n",
					Runtime.version(), Runtime.getRuntime().availableProcessors(), deliveries, events, workers);
			System.out.printf("%-40s %10.0f deliveries/s%n", "baseline: prepared bytes, same producer", baseline);
			System.out.printf("%-40s %10.0f deliveries/s%n", "KafkaForwarder (JSON + send + ack)", forwarded);
			System.out.printf("ratio forwarder / baseline: %.2f%n", forwarded / baseline);
			template.destroy();
			factory.destroy();
		}
		finally {
			broker.destroy();
		}
	}

	private static DefaultKafkaProducerFactory<String, byte[]> producerFactory(String servers) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	private static List<BeaconDelivery> deliveries(int count, int events) {
		BeaconDecoder decoder = BeaconDecoder.builder().build();
		List<BeaconDelivery> items = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			BeaconPayload payload = decoder.decode(Beacons.plain(events, UUID.randomUUID())).payload();
			items.add(new BeaconDelivery(UUID.randomUUID().toString(), payload,
					new RequestContext("127.0.0.1", "bench", null, Instant.now())));
		}
		return items;
	}

	@FunctionalInterface
	private interface Step {

		void run(int index) throws Exception;

	}

	/** Runs {@code count} steps on {@code workers} threads; returns steps per second. */
	private static double run(int workers, int count, Step step) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			futures.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					step.run(i);
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		pool.awaitTermination(10, TimeUnit.SECONDS);
		return count / seconds;
	}

}
