package io.unisights.spring.delivery;

import io.unisights.spring.Channel;
import io.unisights.spring.RequestContext;

/**
 * What the collector adds to a {@link io.unisights.deadletter.DeadLetter}: where the item
 * came in and what was known about the request that carried it. A replay restores the
 * item from its payload with these.
 *
 * @param channel the channel the item came in on
 * @param context what the collector knew about the request that carried the item
 */
public record Receipt(Channel channel, RequestContext context) {

}
