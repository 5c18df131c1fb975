package io.unisights.spring.delivery.jdbc;

import java.time.Duration;

import io.unisights.spring.delivery.KeyWindow;

/**
 * A {@link KeyWindow} in the database store's {@code unisights_delivery_window} table,
 * shared by every instance on the database. Expired keys are purged by the store.
 *
 * @param store the store whose table holds the keys
 * @param window how long a key is kept; zero keeps none
 */
record JdbcKeyWindow(JdbcDeliveryStore store, Duration window) implements KeyWindow {

	@Override
	public boolean claim(String key) {
		return this.window.isZero() || this.store.claimKey(key, this.window.toMillis());
	}

	@Override
	public boolean contains(String key) {
		return !this.window.isZero() && this.store.containsKey(key);
	}

	@Override
	public void release(String key) {
		this.store.releaseKey(key);
	}

}
