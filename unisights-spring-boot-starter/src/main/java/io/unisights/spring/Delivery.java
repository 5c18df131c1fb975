package io.unisights.spring;

import tools.jackson.databind.node.ObjectNode;

/**
 * One accepted item on its way to the {@link EventHandler} beans. Each channel has its own
 * record; every one can be turned back into its wire form, which is what dead-letter files,
 * webhooks and Kafka records carry.
 */
public sealed interface Delivery permits BeaconDelivery, TrackingDelivery, IngestDelivery {

	/**
	 * Identifier of this delivery, stable across retries and replays, suitable as an
	 * idempotency key downstream.
	 * @return the delivery id
	 */
	String id();

	/**
	 * The way the item reached the collector.
	 * @return the channel
	 */
	Channel channel();

	/**
	 * What the collector knew about the request that carried the item.
	 * @return the request context
	 */
	RequestContext context();

	/**
	 * Key that keeps related items together when partitioned (for example on Kafka): the
	 * session id of a beacon, the recipient (or else the whole metadata) of an email open
	 * or click, the event id of a server event.
	 * @return the partition key
	 */
	String partitionKey();

	/**
	 * The item in its snake_case wire form, as the sender put it on the wire.
	 * @return a fresh JSON object the caller may modify
	 */
	ObjectNode wireData();

}
