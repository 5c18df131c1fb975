package io.unisights.spring.delivery;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where accepted items wait for the asynchronous workers: in memory
 * ({@link MemoryDeliveryStore}) or committed to a database table
 * ({@link JdbcDeliveryStore}). Every store is bounded; past its bound it refuses the item
 * with a {@link QueueFullException} rather than growing.
 */
interface DeliveryStore {

	/**
	 * Stores an item. Once this method returns the item is the store's to keep (and, for
	 * a durable store, committed).
	 * @param item the item
	 * @param claim the item's duplicate key, recorded in the same transaction, when
	 * {@link #claimsKeys()}; {@code null} otherwise
	 * @return {@code false} if the key was recorded within its window, and the item was
	 * not stored
	 * @throws QueueFullException if a bound is reached or the store cannot take the item
	 */
	boolean add(StoredDelivery item, DuplicateFilter.@Nullable Claim claim);

	/**
	 * Whether the store keeps items as the accepted objects (see
	 * {@link DeliveryCodec#hold}) rather than encoded.
	 * @return {@code true} for the memory store
	 */
	default boolean holdsDeliveries() {
		return false;
	}

	/**
	 * Whether the store records duplicate keys together with the items.
	 * @return {@code true} for the database store
	 */
	default boolean claimsKeys() {
		return false;
	}

	/**
	 * Takes the next item, waiting up to the given time for one.
	 * @param timeoutMillis longest wait
	 * @return the item, or {@code null} if none came
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Nullable StoredDelivery take(long timeoutMillis) throws InterruptedException;

	/**
	 * Forgets an item that was delivered or dead-lettered.
	 * @param item an item {@link #take} returned
	 */
	void remove(StoredDelivery item);

	/**
	 * Whether items still in the store when it closes survive to the next start, so that
	 * shutdown need not dead-letter them.
	 * @return {@code true} for a durable store
	 */
	boolean durable();

	/** Starts the store's own threads, if any. */
	default void open() {
	}

	/**
	 * Stops the store once the workers stopped taking items.
	 * @return the items a non-durable store still held, which the caller must dead-letter;
	 * always empty for a durable store
	 */
	List<StoredDelivery> close();

	/**
	 * Items waiting, as far as this instance knows.
	 * @return the count
	 */
	int size();

	/**
	 * Most items the store holds.
	 * @return the count bound
	 */
	int capacity();

}
