package io.unisights.sample;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

import org.springframework.stereotype.Component;

/**
 * Persists every delivery of every channel in the {@link DeliveryStore}. Storing is keyed
 * on the delivery id, so a retried delivery is stored once.
 */
@Component
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
