package io.unisights.spring.delivery;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;

/**
 * An accepted item as a {@link DeliveryStore} holds it: its id and channel, and either its
 * bytes as {@link DeliveryCodec} wrote them (a database row; an item of the memory store
 * whose decoded form would cost many times its size) or, in memory, the accepted
 * {@link Delivery} itself, which then needs neither writing nor reading. Part of the store
 * SPI: a durable store keeps the bytes as they are and never reads them. An item may carry
 * both: a durable store writes the bytes and may hand the item itself to this instance's
 * workers once it is committed.
 *
 * @param seq position in a database store, {@code 0} in memory
 * @param id delivery id
 * @param channel channel
 * @param bytes the encoded item; empty when the item is only {@code held}
 * @param held the accepted item itself, or {@code null} when it is only encoded
 * @param size what the item counts against a store's byte bound: the length of its bytes,
 * or for a held item the length of the JSON it was accepted from
 */
public record StoredDelivery(long seq, String id, Channel channel, byte[] bytes, @Nullable Delivery held, long size) {

	private static final byte[] NONE = {};

	/**
	 * An encoded item, as a database store writes and reads it.
	 * @param seq position in a database store, {@code 0} before it is stored
	 * @param id delivery id
	 * @param channel channel
	 * @param bytes the encoded item
	 */
	public StoredDelivery(long seq, String id, Channel channel, byte[] bytes) {
		this(seq, id, channel, bytes, null, bytes.length);
	}

	/**
	 * An item held as accepted.
	 * @param delivery the item
	 * @param size the length of the JSON it was accepted from
	 * @return the stored item
	 */
	static StoredDelivery held(Delivery delivery, long size) {
		return new StoredDelivery(0, delivery.id(), delivery.channel(), NONE, delivery, size);
	}

}
