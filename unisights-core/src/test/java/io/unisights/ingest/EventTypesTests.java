package io.unisights.ingest;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventTypesTests {

	@Test
	void knowsTheLifecycleOfEveryCanonicalEntity() {
		EventTypes types = EventTypes.canonical();
		assertThat(List.of("customer.created", "account.signed_in", "order.refunded", "payment.failed",
				"subscription.cancelled", "cart.abandoned", "product.back_in_stock", "email.bounced"))
			.allMatch(types::contains);
		assertThat(types.all()).allMatch((type) -> type.matches("[a-z]+\\.[a-z_]+"));
		assertThat(types.all()).extracting((type) -> type.substring(0, type.indexOf('.')))
			.containsOnly("customer", "account", "order", "payment", "subscription", "cart", "product", "email");
	}

	@Test
	void refusesTypesItDoesNotKnow() {
		assertThat(EventTypes.canonical().contains("loyalty.points_earned")).isFalse();
		assertThat(EventTypes.canonical().contains("Order.Created")).isFalse();
	}

	@Test
	void learnsTypesTheHostAdds() {
		EventTypes types = EventTypes.canonical().with(List.of("loyalty.points_earned", " loyalty.tier_changed "));
		assertThat(types.contains("loyalty.points_earned")).isTrue();
		assertThat(types.contains("loyalty.tier_changed")).isTrue();
		assertThat(types.contains("order.created")).isTrue();
		assertThat(EventTypes.canonical().contains("loyalty.points_earned")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> EventTypes.canonical().with(List.of(" ")));
	}

}
