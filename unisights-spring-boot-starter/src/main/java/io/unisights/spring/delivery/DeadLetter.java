package io.unisights.spring.delivery;

import java.time.Instant;

import io.unisights.spring.Channel;
import io.unisights.spring.RequestContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * An item that could not be delivered, with everything needed to deliver it later.
 *
 * @param id delivery id, kept so that a replay reaches the handlers under the same
 * idempotency key
 * @param channel the channel the item came in on
 * @param payload the item in its wire form ({@link io.unisights.spring.Delivery#wireData()})
 * @param context what the collector knew about the request that carried the item
 * @param error the last failure, as {@code exception class: message}
 * @param attempts how many times the handlers were tried
 * @param firstAttemptAt when the first attempt started; the receipt time if none was made
 * @param lastAttemptAt when the last attempt started; the receipt time if none was made
 */
public record DeadLetter(String id, Channel channel, ObjectNode payload, RequestContext context, String error,
		int attempts, Instant firstAttemptAt, Instant lastAttemptAt) {

}
