package io.unisights.spring.delivery;

import io.unisights.beacon.BeaconSource;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;

/**
 * Hands accepted items to the {@link io.unisights.spring.EventHandler} beans. Endpoints call
 * the dispatcher and never the handlers themselves, so that delivery guarantees (ordering,
 * retries, dead-lettering) are defined in one place.
 */
@FunctionalInterface
public interface EventDispatcher {

	/**
	 * Delivers an item, or takes responsibility for delivering it later.
	 * @param delivery the accepted item
	 * @return what became of it
	 * @throws HandlerFailedException if the item was handed to the handlers synchronously
	 * and one of them failed, so the sender should retry
	 */
	DispatchResult dispatch(Delivery delivery);

	/**
	 * Delivers a beacon together with the JSON it was decoded from
	 * ({@link io.unisights.beacon.DecodedBeacon#source()}). A dispatcher that stores items
	 * before it delivers them keeps those bytes and reads them again with the decoder's
	 * fast path, rather than writing the beacon out and parsing it back.
	 * @param delivery the accepted beacon
	 * @param source the JSON it was decoded from
	 * @return what became of it
	 * @throws HandlerFailedException if the item was handed to the handlers synchronously
	 * and one of them failed, so the sender should retry
	 */
	default DispatchResult dispatch(BeaconDelivery delivery, BeaconSource source) {
		return dispatch(delivery);
	}

}
