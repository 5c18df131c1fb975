package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers keys for a while, to recognise an item accepted before: the collector's one
 * mechanism behind beacon duplicate suppression and the ingest idempotency window. In
 * memory it is bounded and per instance; with {@code unisights.delivery.store=jdbc} it is
 * a table shared by every instance on the database, and survives restarts.
 */
public interface KeyWindow {

	/**
	 * Records a key unless it is recorded within the window.
	 * @param key the key
	 * @return {@code true} if the key is new, {@code false} for a duplicate
	 */
	boolean claim(String key);

	/**
	 * Whether a key is recorded within the window, without recording it.
	 * @param key the key
	 * @return {@code true} if recorded
	 */
	boolean contains(String key);

	/**
	 * Forgets a key whose item was not accepted after all, so that the sender's retry is
	 * delivered rather than taken for a duplicate.
	 * @param key the key
	 */
	void release(String key);

	/**
	 * How long a key is remembered.
	 * @return the window; zero remembers nothing
	 */
	Duration window();

	/**
	 * A window in memory, bounded by the number of keys (the oldest are forgotten first).
	 * @param window how long a key is remembered
	 * @param maxEntries most keys remembered at once
	 * @param clock the clock that expires keys
	 * @return the window
	 */
	static KeyWindow inMemory(Duration window, int maxEntries, Clock clock) {
		return new BoundedKeyWindow(window, maxEntries, clock);
	}

}
