package io.unisights.spring.delivery;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates delivery ids: time-ordered UUIDs (version 7 layout) so that ids sort by
 * arrival, made without the contention of {@link UUID#randomUUID()}'s shared
 * {@code SecureRandom}. They are identifiers, not secrets.
 */
public final class DeliveryIds {

	private DeliveryIds() {
	}

	/**
	 * Creates a new id.
	 * @return a version 7 UUID string
	 */
	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long millis = System.currentTimeMillis();
		long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

}
