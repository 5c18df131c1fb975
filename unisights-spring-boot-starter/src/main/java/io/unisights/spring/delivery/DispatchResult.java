package io.unisights.spring.delivery;

/**
 * What the {@link EventDispatcher} did with an item.
 */
public enum DispatchResult {

	/** Every handler completed. */
	DELIVERED,

	/** Queued for asynchronous delivery; the collector now answers for it. */
	QUEUED,

	/** Already accepted earlier; acknowledged without delivering it again. */
	DUPLICATE

}
