package io.unisights.spring.delivery;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;

/**
 * What every dispatch mode does before and around taking an item: count it, and
 * acknowledge a duplicate without delivering it again. An item that is refused forgets
 * its duplicate key, so that the sender's retry is not mistaken for a duplicate.
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
		Channel channel = delivery.channel();
		this.observer.received(channel);
		DuplicateFilter.Key key = (this.duplicates != null) ? this.duplicates.keyOf(delivery) : null;
		if (key != null && !this.duplicates.claim(key)) {
			this.observer.rejected(channel, DeliveryObserver.DUPLICATE);
			return DispatchResult.DUPLICATE;
		}
		try {
			return accept(delivery);
		}
		catch (RuntimeException ex) {
			if (key != null) {
				this.duplicates.release(key);
			}
			throw ex;
		}
	}

	/**
	 * Takes an item that is not a duplicate. Implementations report
	 * {@link DeliveryObserver#accepted accepted} or {@link DeliveryObserver#rejected
	 * rejected} themselves.
	 * @param delivery the item
	 * @return what became of it
	 */
	abstract DispatchResult accept(Delivery delivery);

	DeliveryObserver observer() {
		return this.observer;
	}

}
