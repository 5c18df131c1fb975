package io.unisights.spring.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers ids accepted within a window, in bounded memory: entries expire after the
 * window and, past the maximum, the oldest are forgotten first.
 */
final class IdempotencyWindow {

	private final long windowMillis;

	private final int maxEntries;

	private final Clock clock;

	// Insertion order is expiry order, since every entry lives for the same window.
	private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

	IdempotencyWindow(Duration window, int maxEntries, Clock clock) {
		this.windowMillis = window.toMillis();
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	/**
	 * Records a key unless it is already recorded within the window.
	 * @param key the key
	 * @return {@code true} if the key is new, {@code false} for a duplicate
	 */
	synchronized boolean claim(String key) {
		if (this.windowMillis == 0) {
			return true;
		}
		long now = this.clock.millis();
		evict(now);
		if (this.seen.containsKey(key)) {
			return false;
		}
		this.seen.put(key, now + this.windowMillis);
		if (this.seen.size() > this.maxEntries) {
			Iterator<String> eldest = this.seen.keySet().iterator();
			eldest.next();
			eldest.remove();
		}
		return true;
	}

	/**
	 * Whether a key is recorded within the window, without recording it.
	 * @param key the key
	 * @return {@code true} if recorded
	 */
	synchronized boolean contains(String key) {
		if (this.windowMillis == 0) {
			return false;
		}
		evict(this.clock.millis());
		return this.seen.containsKey(key);
	}

	/**
	 * Forgets a key whose item was not accepted after all, so that the sender's retry is
	 * delivered rather than taken for a duplicate.
	 * @param key the key
	 */
	synchronized void release(String key) {
		this.seen.remove(key);
	}

	synchronized int size() {
		return this.seen.size();
	}

	private void evict(long now) {
		Iterator<Map.Entry<String, Long>> entries = this.seen.entrySet().iterator();
		while (entries.hasNext() && entries.next().getValue() <= now) {
			entries.remove();
		}
	}

}
