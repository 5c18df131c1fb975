package io.unisights.spring.delivery;

import org.jspecify.annotations.Nullable;

import io.unisights.beacon.BeaconSource;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;

/**
 * An application's own {@link EventDispatcher} behind the collector's duplicate filter
 * ({@link DuplicateFilter#guard}): the item is counted as received, a duplicate is
 * answered without reaching the application's dispatcher, and whatever that dispatcher
 * answers or throws is passed on. What becomes of the item after that is the
 * application's to count.
 */
final class GuardedEventDispatcher extends ObservedEventDispatcher {

	private final EventDispatcher delegate;

	GuardedEventDispatcher(EventDispatcher delegate, DuplicateFilter duplicates, DeliveryMetrics metrics) {
		super(metrics, duplicates);
		this.delegate = delegate;
	}

	@Override
	DispatchResult accept(Delivery delivery, @Nullable BeaconSource source, DuplicateFilter.@Nullable Claim claim) {
		if (source != null && delivery instanceof BeaconDelivery beacon) {
			return this.delegate.dispatch(beacon, source);
		}
		return this.delegate.dispatch(delivery);
	}

	@Override
	public String toString() {
		return "GuardedEventDispatcher[" + this.delegate + "]";
	}

}
