package io.unisights.spring.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SynchronousEventDispatcherTests {

	private static final String BODY = """
			{"data":{"asset_id":"a","session_id":"550e8400-e29b-41d4-a716-446655440000",
			"page_url":"https://example.com/","entry_page":null,"exit_page":null,"utm_params":{},"device_info":{},
			"scroll_depth":0,"time_on_page":0,"events":[]}}
			""";

	private final BeaconDelivery delivery = new BeaconDelivery("id-1",
			BeaconDecoder.builder().build().decode(BODY.getBytes()).payload(),
			new RequestContext("127.0.0.1", null, null, Instant.EPOCH));

	@Test
	void runsEveryHandlerInOrder() {
		List<String> calls = new ArrayList<>();
		EventDispatcher dispatcher = new SynchronousEventDispatcher(
				List.of(recording(calls, "first"), recording(calls, "second")));

		assertThat(dispatcher.dispatch(this.delivery)).isEqualTo(DispatchResult.DELIVERED);
		assertThat(calls).containsExactly("first:id-1", "second:id-1");
	}

	@Test
	void stopsAtTheFirstFailureAndReportsTheDelivery() {
		List<String> calls = new ArrayList<>();
		EventHandler failing = new EventHandler() {

			@Override
			public void onBeacon(BeaconDelivery beacon) throws Exception {
				throw new java.io.IOException("store down");
			}

		};
		EventDispatcher dispatcher = new SynchronousEventDispatcher(List.of(failing, recording(calls, "second")));

		assertThatExceptionOfType(HandlerFailedException.class).isThrownBy(() -> dispatcher.dispatch(this.delivery))
			.satisfies((ex) -> {
				assertThat(ex.getDeliveryId()).isEqualTo("id-1");
				assertThat(ex.getCause()).hasMessage("store down");
			});
		assertThat(calls).isEmpty();
	}

	@Test
	void acknowledgesWhenNoHandlerIsRegistered() {
		assertThat(new SynchronousEventDispatcher(List.of()).dispatch(this.delivery))
			.isEqualTo(DispatchResult.DELIVERED);
	}

	private static EventHandler recording(List<String> calls, String name) {
		return new EventHandler() {

			@Override
			public void handle(Delivery delivery) {
				calls.add(name + ":" + delivery.id());
			}

		};
	}

}
