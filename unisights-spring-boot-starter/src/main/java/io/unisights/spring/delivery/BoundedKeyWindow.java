package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-memory {@link KeyWindow}: keys expire after the window and, past the maximum, the
 * oldest are forgotten first. One instance per use (beacon contents, ingest event ids,
 * ingest message ids), each with its own bound.
 */
final class BoundedKeyWindow implements KeyWindow {

	private final long windowMillis;

	private final int maxEntries;

	private final Clock clock;

	// Insertion order is expiry order, since every entry lives for the same window.
	private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

	BoundedKeyWindow(Duration window, int maxEntries, Clock clock) {
		this.windowMillis = window.toMillis();
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	@Override
	public synchronized boolean claim(String key) {
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

	@Override
	public synchronized boolean contains(String key) {
		if (this.windowMillis == 0) {
			return false;
		}
		evict(this.clock.millis());
		return this.seen.containsKey(key);
	}

	@Override
	public synchronized void release(String key) {
		this.seen.remove(key);
	}

	@Override
	public Duration window() {
		return Duration.ofMillis(this.windowMillis);
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
