package io.unisights.spring.delivery;

import org.jspecify.annotations.Nullable;

import io.unisights.beacon.BeaconSource;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;

/**
 * What every dispatch mode does before and around taking an item: count it, and
 * acknowledge a duplicate without delivering it again. An item that is refused forgets
 * its duplicate key, so that the sender's retry is not mistaken for a duplicate. A
 * database store records the key in the same transaction as the item instead.
 */
abstract class ObservedEventDispatcher implements EventDispatcher {

	private final DeliveryObserver observer;

	private final @Nullable DuplicateFilter duplicates;

	ObservedEventDispatcher(DeliveryObserver observer, @Nullable DuplicateFilter duplicates) {
		this.observer = observer;
		this.duplicates = duplicates;
	}

	@Override
	public final DispatchResult dispatch(Delivery delivery) {
		return dispatch(delivery, null);
	}

	@Override
	public final DispatchResult dispatch(BeaconDelivery delivery, BeaconSource source) {
		return dispatch((Delivery) delivery, source);
	}

	private DispatchResult dispatch(Delivery delivery, @Nullable BeaconSource source) {
		Channel channel = delivery.channel();
		this.observer.received(channel);
		DuplicateFilter.Claim claim = (this.duplicates != null) ? this.duplicates.keyOf(delivery) : null;
		if (claim != null && claimsWithItem()) {
			DispatchResult result = accept(delivery, source, claim);
			if (result == DispatchResult.DUPLICATE) {
				this.observer.rejected(channel, DeliveryObserver.DUPLICATE);
			}
			return result;
		}
		if (claim != null && !claim.claim()) {
			this.observer.rejected(channel, DeliveryObserver.DUPLICATE);
			return DispatchResult.DUPLICATE;
		}
		try {
			return accept(delivery, source, null);
		}
		catch (RuntimeException ex) {
			if (claim != null) {
				claim.release();
			}
			throw ex;
		}
	}

	/**
	 * Whether {@link #accept} records an item's duplicate key itself, together with the
	 * item.
	 * @return {@code false} unless overridden
	 */
	boolean claimsWithItem() {
		return false;
	}

	/**
	 * Takes an item that is not a known duplicate. Implementations report
	 * {@link DeliveryObserver#accepted accepted} or {@link DeliveryObserver#rejected
	 * rejected} themselves, a duplicate found by the store excepted.
	 * @param delivery the item
	 * @param source the JSON a beacon was decoded from, when the endpoint passed it
	 * @param claim the item's duplicate key when {@link #claimsWithItem()} and it has one
	 * @return what became of it
	 */
	abstract DispatchResult accept(Delivery delivery, @Nullable BeaconSource source,
			DuplicateFilter.@Nullable Claim claim);

	DeliveryObserver observer() {
		return this.observer;
	}

}
