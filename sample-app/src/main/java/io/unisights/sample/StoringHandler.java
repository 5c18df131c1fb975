package io.unisights.sample;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Persists every delivery of every channel in the {@link DeliveryStore}. Storing is keyed
 * on the delivery id, so a retried delivery is stored once. {@code sample.store.enabled=false}
 * leaves it out, as the load benchmark does to measure the collector rather than the
 * database.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.store.enabled", matchIfMissing = true)
class StoringHandler implements EventHandler {

	private final DeliveryStore store;

	StoringHandler(DeliveryStore store) {
		this.store = store;
	}

	@Override
	public void handle(Delivery delivery) {
		this.store.save(delivery);
	}

}
