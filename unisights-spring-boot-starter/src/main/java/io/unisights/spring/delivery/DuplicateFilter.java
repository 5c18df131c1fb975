package io.unisights.spring.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;

/**
 * Remembers beacons accepted within a window, by a digest of their session id and
 * content, in bounded memory (oldest forgotten first). The collector decrypts
 * deterministically, so a replayed capture of an encrypted beacon has the same content
 * and is caught as well.
 */
final class DuplicateFilter {

	private final long windowMillis;

	private final int maxEntries;

	private final Clock clock;

	// Insertion order is expiry order, since every entry lives for the same window.
	private final LinkedHashMap<Key, Long> seen = new LinkedHashMap<>();

	DuplicateFilter(Duration window, int maxEntries, Clock clock) {
		this.windowMillis = window.toMillis();
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	/**
	 * Key of an item subject to duplicate suppression.
	 * @param delivery the item
	 * @return its key, or {@code null} if items of its channel are never suppressed
	 */
	@Nullable Key keyOf(Delivery delivery) {
		if (!(delivery instanceof BeaconDelivery)) {
			return null;
		}
		MessageDigest digest = sha256();
		digest.update(delivery.partitionKey().getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
		digest.update(delivery.wireData().toString().getBytes(StandardCharsets.UTF_8));
		ByteBuffer hash = ByteBuffer.wrap(digest.digest());
		return new Key(hash.getLong(), hash.getLong());
	}

	/**
	 * Records a key unless it was recorded within the window.
	 * @param key the key
	 * @return {@code true} if the key is new, {@code false} for a duplicate
	 */
	synchronized boolean claim(Key key) {
		long now = this.clock.millis();
		evict(now);
		Long expiry = this.seen.get(key);
		if (expiry != null) {
			return false;
		}
		this.seen.put(key, now + this.windowMillis);
		if (this.seen.size() > this.maxEntries) {
			Iterator<Key> eldest = this.seen.keySet().iterator();
			eldest.next();
			eldest.remove();
		}
		return true;
	}

	/**
	 * Forgets a key whose item was not accepted after all, so that the sender's retry is
	 * delivered rather than taken for a duplicate.
	 * @param key the key
	 */
	synchronized void release(Key key) {
		this.seen.remove(key);
	}

	synchronized int size() {
		return this.seen.size();
	}

	private void evict(long now) {
		Iterator<Map.Entry<Key, Long>> entries = this.seen.entrySet().iterator();
		while (entries.hasNext() && entries.next().getValue() <= now) {
			entries.remove();
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/** First 128 bits of the digest: collisions are negligible at any feasible window. */
	record Key(long high, long low) {

	}

}
