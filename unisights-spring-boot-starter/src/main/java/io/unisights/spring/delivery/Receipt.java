package io.unisights.spring.delivery;

import io.unisights.deadletter.DeadLetterLines;
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

	/**
	 * How the collector's dead letters are written to and read from a file, one JSON
	 * object per line: the events client's form with the item's {@code channel} and
	 * request {@code context} beside the common keys. Use it to read or write a
	 * dead-letter file of your own ({@link io.unisights.deadletter.DeadLetterFile}).
	 * @return the lines
	 */
	public static DeadLetterLines<Receipt> deadLetterLines() {
		return DeadLetterJson.LINES;
	}

}
