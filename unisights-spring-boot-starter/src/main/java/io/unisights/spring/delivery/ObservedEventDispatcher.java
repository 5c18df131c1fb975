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

	private final DeliveryMetrics metrics;

	private final @Nullable DuplicateFilter duplicates;

	ObservedEventDispatcher(DeliveryMetrics metrics, @Nullable DuplicateFilter duplicates) {
		this.metrics = metrics;
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
		this.metrics.count(DeliveryMetrics.Counter.RECEIVED, channel);
		DuplicateFilter.Claim claim = (this.duplicates != null) ? this.duplicates.keyOf(delivery) : null;
		if (claim != null && claimsWithItem()) {
			DispatchResult result = accept(delivery, source, claim);
			if (result == DispatchResult.DUPLICATE) {
				this.metrics.rejected(channel, DeliveryMetrics.Reason.DUPLICATE);
			}
			return result;
		}
		if (claim != null && !claim.claim()) {
			this.metrics.rejected(channel, DeliveryMetrics.Reason.DUPLICATE);
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
	 * Takes an item that is not a known duplicate. Implementations count it
	 * {@link DeliveryMetrics#accepted accepted} or {@link DeliveryMetrics#rejected
	 * rejected} themselves, a duplicate found by the store excepted.
	 * @param delivery the item
	 * @param source the JSON a beacon was decoded from, when the endpoint passed it
	 * @param claim the item's duplicate key when {@link #claimsWithItem()} and it has one
	 * @return what became of it
	 */
	abstract DispatchResult accept(Delivery delivery, @Nullable BeaconSource source,
			DuplicateFilter.@Nullable Claim claim);

	DeliveryMetrics metrics() {
		return this.metrics;
	}

}
