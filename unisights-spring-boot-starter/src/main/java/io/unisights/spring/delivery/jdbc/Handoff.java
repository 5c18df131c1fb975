package io.unisights.spring.delivery.jdbc;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.StoredDelivery;

/**
 * The rows this instance inserted claimed for itself, handed to its own workers once their
 * commit went through. A worker then neither claims a row the request just stored (a
 * transaction, on PostgreSQL a disk flush, per claim) nor reads it back and decodes it:
 * it gets the accepted item itself. A request reserves room before its row is inserted;
 * without room (workers far behind) the row is inserted free and claimed from the table
 * like any other instance's.
 * <p>
 * Bounded by items and by bytes, counted as the store counts the item, so that what waits
 * here for a worker stays a small share of the heap.
 */
final class Handoff {

	private final LinkedBlockingQueue<StoredDelivery> items = new LinkedBlockingQueue<>();

	private final int maxItems;

	private final long maxBytes;

	private final AtomicInteger reserved = new AtomicInteger();

	private final AtomicLong reservedBytes = new AtomicLong();

	Handoff(int maxItems, long maxBytes) {
		this.maxItems = maxItems;
		this.maxBytes = maxBytes;
	}

	/**
	 * Reserves room for an item about to be inserted.
	 * @param size what the item counts
	 * @return whether there was room; if so, the caller must {@link #put} or
	 * {@link #cancel} it
	 */
	boolean reserve(long size) {
		if (this.reserved.incrementAndGet() > this.maxItems) {
			this.reserved.decrementAndGet();
			return false;
		}
		if (this.reservedBytes.addAndGet(size) > this.maxBytes) {
			cancel(size);
			return false;
		}
		return true;
	}

	/**
	 * Gives back room reserved for an item that was not stored.
	 * @param size what the item counts
	 */
	void cancel(long size) {
		this.reservedBytes.addAndGet(-size);
		this.reserved.decrementAndGet();
	}

	/**
	 * Hands a committed row to the workers, in the room reserved for it.
	 * @param item the row, with its position in the table
	 */
	void put(StoredDelivery item) {
		this.items.add(item);
	}

	@Nullable StoredDelivery poll() {
		return taken(this.items.poll());
	}

	@Nullable StoredDelivery poll(long timeoutMillis) throws InterruptedException {
		return taken(this.items.poll(timeoutMillis, TimeUnit.MILLISECONDS));
	}

	private @Nullable StoredDelivery taken(@Nullable StoredDelivery item) {
		if (item != null) {
			cancel(item.size());
		}
		return item;
	}

	/** Forgets what waits; the rows stay in the table, claimed until their lease ends. */
	void clear() {
		while (poll() != null) {
			// Each poll gives its room back.
		}
	}

}
