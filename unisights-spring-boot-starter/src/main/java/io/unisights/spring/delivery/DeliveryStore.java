package io.unisights.spring.delivery;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where accepted items wait for the asynchronous workers: the store SPI. The collector
 * ships three: in memory ({@code unisights.delivery.store=memory}), committed to a table
 * of the application's {@code DataSource} ({@code store=jdbc}, in
 * {@code io.unisights.spring.delivery.jdbc}), and acknowledged by a Kafka broker
 * ({@code store=kafka}, in {@code io.unisights.spring.delivery.kafka}); a store is a bean
 * of this type, and the dispatcher takes whichever the context holds.
 * <p>
 * Every store is bounded; past its bound, or while it cannot keep what it is given, it
 * refuses the item with a {@link QueueFullException} (answered 503 with
 * {@code Retry-After}) rather than growing or answering 202 for what it may lose. Items are
 * opaque to a store: it keeps a {@link StoredDelivery}'s id, channel and bytes, and hands
 * them back as they were given.
 */
public interface DeliveryStore {

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
	 * Stores an item with the key that related items share, its
	 * {@link io.unisights.spring.Delivery#partitionKey()} (a beacon's session id): a
	 * partitioned log (the kafka store) keeps the items of one key together and in order.
	 * Stores that are not partitioned ignore the key.
	 * @param item the item
	 * @param partitionKey the item's partition key
	 * @param claim the item's duplicate key, as for {@link #add(StoredDelivery, DuplicateFilter.Claim)}
	 * @return {@code false} if the key was recorded within its window, and the item was
	 * not stored
	 * @throws QueueFullException if a bound is reached or the store cannot take the item
	 */
	default boolean add(StoredDelivery item, String partitionKey, DuplicateFilter.@Nullable Claim claim) {
		return add(item, claim);
	}

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

	/**
	 * Whether the store can keep items now, as its own threads last found it. Answered at
	 * once from what the store already knows, never by a call to its backend, so that a
	 * health check does not wait on a pool or a network.
	 * @return the store's availability
	 */
	default Availability availability() {
		return Availability.AVAILABLE;
	}

	/**
	 * Whether a store can keep items, and why not.
	 *
	 * @param available whether the store keeps what it is given
	 * @param problem what is wrong when it does not, for health details and logs (no
	 * credentials, no payloads)
	 */
	record Availability(boolean available, @Nullable String problem) {

		/** A store that keeps what it is given. */
		public static final Availability AVAILABLE = new Availability(true, null);

		/**
		 * A store that cannot keep items now.
		 * @param problem what is wrong
		 * @return the availability
		 */
		public static Availability unavailable(String problem) {
			return new Availability(false, problem);
		}

	}

}
