package io.unisights.spring.delivery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.unisights.spring.delivery.DeliveryMetrics.Counter;
import io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile;
import io.unisights.spring.test.Http;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of beacons sent concurrently over HTTP to a flaky handler, then the
 * application shut down: every beacon answered 202 is delivered or in the dead-letter
 * file, exactly once, and none answered 503 was delivered.
 */
class DeliveryBurstTests {

	@TempDir
	Path temp;

	@Test
	void accountsForEveryAcceptedBeaconAcrossAShutdown() throws Exception {
		Path deadLetterPath = this.temp.resolve("dead.jsonl");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(
				AsyncDeliveryEndpointTests.TestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "unisights.delivery.mode=async",
					"unisights.delivery.queue-capacity=300", "unisights.delivery.workers=2",
					"unisights.delivery.retry.max-attempts=2", "unisights.delivery.retry.initial-backoff=1ms",
					"unisights.delivery.retry.max-backoff=2ms", "unisights.delivery.shutdown-timeout=50ms",
					"unisights.delivery.dead-letter.path=" + deadLetterPath, "spring.main.banner-mode=off")
			.run();
		FaultyHandler handler = context.getBean(FaultyHandler.class);
		DeliveryMetrics metrics = context.getBean(DeliveryMetrics.class);
		handler.failureRate(0.25);
		Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
		Set<String> accepted = ConcurrentHashMap.newKeySet();
		Set<Integer> refused = ConcurrentHashMap.newKeySet();
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int sender = t;
				sent.add(senders.submit(() -> {
					for (int i = 0; i < 300; i++) {
						int n = sender * 1000 + i;
						var response = http.postJson("/events", Beacons.body(n));
						if (response.statusCode() == 202) {
							accepted.add(Http.json(response).get("id").asString());
						}
						else {
							assertThat(response.statusCode()).isEqualTo(503);
							refused.add(n);
						}
					}
				}));
			}
			for (Future<?> future : sent) {
				future.get();
			}
		}
		finally {
			senders.shutdown();
			context.close();
		}

		assertThat(accepted.size() + refused.size()).isEqualTo(2400);
		assertThat(metrics.total(Counter.ACCEPTED)).isEqualTo(accepted.size());
		Set<String> deadLettered = new HashSet<>();
		new JsonlDeadLetterFile(deadLetterPath).read().forEach((letter) -> deadLettered.add(letter.id()));
		assertThat(deadLettered).hasSize((int) metrics.deadLettered());
		assertThat(handler.delivered()).hasSize((int) metrics.total(Counter.DELIVERED));
		Set<String> both = new HashSet<>(deadLettered);
		both.retainAll(handler.delivered());
		assertThat(both).isEmpty();
		Set<String> accountedFor = new HashSet<>(deadLettered);
		accountedFor.addAll(handler.delivered());
		assertThat(accountedFor).isEqualTo(accepted);
		assertThat(handler.delivered()).isNotEmpty();
		assertThat(deadLettered).isNotEmpty();
	}

}
