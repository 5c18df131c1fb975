package io.unisights.spring.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

/**
 * Records every delivery; can be told to fail so that failure paths are exercised.
 */
public class RecordingEventHandler implements EventHandler {

	private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

	@Override
	public void handle(Delivery delivery) {
		RuntimeException toThrow = this.failure.get();
		if (toThrow != null) {
			throw toThrow;
		}
		this.deliveries.add(delivery);
	}

	public List<Delivery> deliveries() {
		return this.deliveries;
	}

	public void failWith(@Nullable RuntimeException failure) {
		this.failure.set(failure);
	}

	public void reset() {
		this.deliveries.clear();
		this.failure.set(null);
	}

}
