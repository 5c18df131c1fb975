package io.unisights.spring.delivery.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A host application for the kafka store's tests, several of which may run in one JVM:
 * its handler records which instance ({@code test.instance}) handled which delivery id,
 * in one map all instances share, and refuses the beacons of the sessions in
 * {@link #FAILING_SESSIONS}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class KafkaStoreTestApplication {

	/** Delivery id to the instances that handled it, once per handling. */
	static final Map<String, List<String>> HANDLED = new ConcurrentHashMap<>();

	/** Sessions whose beacons every handler refuses. */
	static final Set<String> FAILING_SESSIONS = ConcurrentHashMap.newKeySet();

	@Bean
	EventHandler recordingHandler(@Value("${test.instance:one}") String instance) {
		return new EventHandler() {

			@Override
			public void handle(Delivery delivery) {
				if (delivery instanceof BeaconDelivery beacon
						&& FAILING_SESSIONS.contains(beacon.payload().sessionId())) {
					throw new IllegalStateException("refused session " + beacon.payload().sessionId());
				}
				HANDLED.computeIfAbsent(delivery.id(), (id) -> new CopyOnWriteArrayList<>()).add(instance);
			}

		};
	}

	/**
	 * A plain beacon of its own session.
	 * @param sessionId the session
	 * @return the request body
	 */
	static String beacon(String sessionId) {
		return """
				{"encrypted":false,"data":{"asset_id":"site","session_id":"%s","page_url":"https://example.com/",
				"events":[{"type":"page_view","data":{"location":"https://example.com/","timestamp":1763900000000}}]}}
				""".formatted(sessionId);
	}

	static String beacon() {
		return beacon(UUID.randomUUID().toString());
	}

}
