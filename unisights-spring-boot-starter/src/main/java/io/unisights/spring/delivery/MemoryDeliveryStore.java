package io.unisights.spring.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The in-memory store ({@code unisights.delivery.store=memory}): a queue bounded by item
 * count and by bytes, so that a run of large beacons is refused long before the heap runs
 * out. It holds a beacon as the accepted {@code Delivery} itself, counted by the JSON it
 * was decoded from, and other items encoded, counted by their bytes
 * ({@link DeliveryCodec#hold}). Items do not survive a restart; shutdown dead-letters what
 * the workers did not deliver in time.
 */
final class MemoryDeliveryStore implements DeliveryStore {

	private final ArrayBlockingQueue<StoredDelivery> queue;

	private final long maxBytes;

	private final Duration retryAfter;

	private final AtomicLong bytes = new AtomicLong();

	MemoryDeliveryStore(int capacity, DataSize maxSize, Duration retryAfter) {
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.maxBytes = maxSize.toBytes();
		this.retryAfter = retryAfter;
	}

	@Override
	public boolean add(StoredDelivery item, DuplicateFilter.@Nullable Claim claim) {
		long size = item.size();
		long held = this.bytes.addAndGet(size);
		// One item larger than the whole bound is still taken into an empty queue, so
		// that the bound never refuses an item the request size limit let through.
		if (held > this.maxBytes && held != size) {
			this.bytes.addAndGet(-size);
			throw full();
		}
		if (!this.queue.offer(item)) {
			this.bytes.addAndGet(-size);
			throw full();
		}
		return true;
	}

	private QueueFullException full() {
		return new QueueFullException("The delivery queue is full (" + this.queue.size() + " of " + capacity()
				+ " items, " + this.bytes.get() + " of " + this.maxBytes
				+ " bytes; unisights.delivery.queue-capacity, unisights.delivery.queue-max-size)", false,
				this.retryAfter);
	}

	@Override
	public @Nullable StoredDelivery take(long timeoutMillis) throws InterruptedException {
		StoredDelivery item = this.queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
		if (item != null) {
			this.bytes.addAndGet(-item.size());
		}
		return item;
	}

	@Override
	public boolean holdsDeliveries() {
		return true;
	}

	@Override
	public void remove(StoredDelivery item) {
		// Taking the item already removed it.
	}

	@Override
	public boolean durable() {
		return false;
	}

	@Override
	public List<StoredDelivery> close() {
		List<StoredDelivery> remaining = new ArrayList<>();
		this.queue.drainTo(remaining);
		remaining.forEach((item) -> this.bytes.addAndGet(-item.size()));
		return remaining;
	}

	@Override
	public int size() {
		return this.queue.size();
	}

	@Override
	public int capacity() {
		return this.queue.size() + this.queue.remainingCapacity();
	}

	long bytes() {
		return this.bytes.get();
	}

}
