package io.unisights.spring.delivery;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.RequestContext;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RestorersTests {

	private static final BeaconDelivery DELIVERY = Beacons.delivery("b-1", 2);

	/** A beacon restorer that refuses every wire form. */
	private static final DeliveryRestorer REFUSING = new DeliveryRestorer() {

		@Override
		public Channel channel() {
			return Channel.BEACON;
		}

		@Override
		public Delivery restore(String id, ObjectNode wireData, RequestContext context) {
			throw new IllegalArgumentException("not a beacon");
		}

	};

	@Test
	void restoresAnItemWithTheRestorerOfItsChannel() {
		Restorers restorers = new Restorers(List.of(new BeaconDeliveryRestorer()));

		assertThat(restorers.restore(Channel.BEACON, "b-1", DELIVERY.wireData(), DELIVERY.context()))
			.isEqualTo(DELIVERY);
	}

	@Test
	void refusesAChannelNoRestorerServesNamingIt() {
		Restorers restorers = new Restorers(List.of(new BeaconDeliveryRestorer()));

		assertThatExceptionOfType(Restorers.Unrestorable.class)
			.isThrownBy(() -> restorers.restore(Channel.INGEST, "e-1", DELIVERY.wireData(), DELIVERY.context()))
			.withMessage("No DeliveryRestorer for channel ingest is registered");
	}

	@Test
	void reportsWhatTheRestorerRefused() {
		Restorers restorers = new Restorers(List.of(REFUSING));

		assertThatExceptionOfType(Restorers.Unrestorable.class)
			.isThrownBy(() -> restorers.restore(Channel.BEACON, "b-1", DELIVERY.wireData(), DELIVERY.context()))
			.withMessage("Payload could not be restored: java.lang.IllegalArgumentException: not a beacon")
			.withCauseInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void letsTheFirstRestorerRegisteredForAChannelServeIt() {
		Restorers restorers = new Restorers(List.of(new BeaconDeliveryRestorer(), REFUSING));

		assertThat(restorers.restore(Channel.BEACON, "b-1", DELIVERY.wireData(), DELIVERY.context()))
			.isEqualTo(DELIVERY);
	}

}
