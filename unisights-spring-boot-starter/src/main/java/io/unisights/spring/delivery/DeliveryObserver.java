package io.unisights.spring.delivery;

import io.unisights.spring.Channel;

/**
 * Notified of what happens to items on their way to the handlers. Kept free of Micrometer
 * types so that delivery works without it on the classpath.
 */
interface DeliveryObserver {

	/** Observer that ignores everything. */
	DeliveryObserver NONE = new DeliveryObserver() {
	};

	/** Reason tag of an item refused because it was already accepted. */
	String DUPLICATE = "duplicate";

	/** Reason tag of an item refused because the queue was full. */
	String QUEUE_FULL = "queue-full";

	/** Reason tag of an item refused or dead-lettered because the collector was stopping. */
	String SHUTTING_DOWN = "shutting-down";

	/** Reason tag of an item whose handler kept failing. */
	String HANDLER_FAILED = "handler-failed";

	default void received(Channel channel) {
	}

	default void accepted(Channel channel) {
	}

	default void rejected(Channel channel, String reason) {
	}

	default void handled(Channel channel, long nanos, boolean success) {
	}

	default void retried(Channel channel) {
	}

	default void delivered(Channel channel) {
	}

	default void deadLettered(Channel channel, String reason) {
	}

	default void deadLetterFailed(Channel channel) {
	}

	default void replayed(Channel channel, boolean success) {
	}

}
