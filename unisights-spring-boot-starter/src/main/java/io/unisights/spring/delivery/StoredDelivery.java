package io.unisights.spring.delivery;

import io.unisights.spring.Channel;

/**
 * An accepted item as a {@link DeliveryStore} holds it: its id and channel, and its bytes
 * as the collector encoded them. Part of the store SPI: a store keeps the bytes as
 * they are and never reads them.
 *
 * @param seq position in a database store, {@code 0} in memory
 * @param id delivery id
 * @param channel channel
 * @param bytes the encoded item
 */
public record StoredDelivery(long seq, String id, Channel channel, byte[] bytes) {

}
