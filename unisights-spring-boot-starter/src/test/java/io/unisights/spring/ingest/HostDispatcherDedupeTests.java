package io.unisights.spring.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.ingest.EventsClient;
import io.unisights.ingest.SendResult.Outcome;
import io.unisights.spring.Delivery;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.delivery.EventDispatcher;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that defines its own {@link EventDispatcher} keeps the ingest endpoint's
 * event-id suppression: a repeated event is acknowledged as a duplicate and never reaches
 * that dispatcher, over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "unisights.ingest.secrets=" + HostDispatcherDedupeTests.SECRET)
class HostDispatcherDedupeTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	@LocalServerPort
	int port;

	@Autowired
	RecordingDispatcher dispatcher;

	@Test
	void suppressesARepeatedEventBeforeTheHostsDispatcher() {
		EventsClient client = EventsClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.secret(SECRET)
			.timeout(Duration.ofSeconds(10))
			.maxAttempts(1)
			.build();
		CanonicalEvent event = CanonicalEvent.builder("order.created").source("shop").build();

		assertThat(client.send(event).outcome()).isEqualTo(Outcome.DELIVERED);
		// Another request (its own webhook-id) with the same event id.
		assertThat(client.send(event).outcome()).isEqualTo(Outcome.DUPLICATE);

		assertThat(this.dispatcher.dispatched).extracting(Delivery::id).containsExactly(event.id());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HostDispatcherApplication {

		@Bean
		RecordingDispatcher hostDispatcher() {
			return new RecordingDispatcher();
		}

	}

	static final class RecordingDispatcher implements EventDispatcher {

		final List<Delivery> dispatched = new CopyOnWriteArrayList<>();

		@Override
		public DispatchResult dispatch(Delivery delivery) {
			this.dispatched.add(delivery);
			return DispatchResult.DELIVERED;
		}

	}

}
