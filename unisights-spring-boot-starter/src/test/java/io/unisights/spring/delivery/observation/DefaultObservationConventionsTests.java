package io.unisights.spring.delivery.observation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.Automation;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.OpenDelivery;
import io.unisights.spring.RequestContext;
import io.unisights.tracking.TrackingToken;
import io.unisights.tracking.TrackingToken.Format;
import io.unisights.tracking.TrackingToken.Kind;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default conventions prepare their key values and contextual names once, by channel,
 * outcome and handler class; what they answer for every combination is what they answered
 * when they built it on each call.
 */
class DefaultObservationConventionsTests {

	private static final RequestContext CONTEXT = new RequestContext("127.0.0.1", "test/1.0", null,
			Instant.parse("2026-01-01T00:00:00Z"));

	private final Map<Channel, Delivery> deliveries = deliveries();

	@Test
	void deliveryConventionTagsEveryChannelWithItsOutcome() {
		DefaultDeliveryObservationConvention convention = DefaultDeliveryObservationConvention.INSTANCE;
		for (Channel channel : Channel.values()) {
			DeliveryObservationContext context = new DeliveryObservationContext(this.deliveries.get(channel));
			assertThat(convention.getLowCardinalityKeyValues(context))
				.containsExactly(KeyValue.of("channel", channel.wireName()), KeyValue.of("outcome", "unknown"));
			assertThat(convention.getContextualName(context)).isEqualTo("deliver " + channel.wireName());

			context.setOutcome(true, 1);
			assertThat(convention.getLowCardinalityKeyValues(context))
				.containsExactly(KeyValue.of("channel", channel.wireName()), KeyValue.of("outcome", "delivered"));

			DeliveryObservationContext failed = new DeliveryObservationContext(this.deliveries.get(channel));
			failed.setOutcome(false, 3);
			assertThat(convention.getLowCardinalityKeyValues(failed))
				.containsExactly(KeyValue.of("channel", channel.wireName()), KeyValue.of("outcome", "failed"));
		}
	}

	@Test
	void handlerConventionTagsEachHandlerClassOnEveryChannel() {
		DefaultHandlerObservationConvention convention = DefaultHandlerObservationConvention.INSTANCE;
		for (EventHandler handler : new EventHandler[] { new Store(), new Audit() }) {
			String type = handler.getClass().getName();
			for (Channel channel : Channel.values()) {
				HandlerObservationContext context = new HandlerObservationContext(this.deliveries.get(channel),
						handler, 1);
				assertThat(convention.getLowCardinalityKeyValues(context)).containsExactly(
						KeyValue.of("channel", channel.wireName()), KeyValue.of("handler", type),
						KeyValue.of("outcome", "success"));
				assertThat(convention.getContextualName(context))
					.isEqualTo(handler.getClass().getSimpleName() + " " + channel.wireName());

				context.setError(new IllegalStateException("failed"));
				assertThat(convention.getLowCardinalityKeyValues(context)).containsExactly(
						KeyValue.of("channel", channel.wireName()), KeyValue.of("handler", type),
						KeyValue.of("outcome", "failure"));
			}
		}
	}

	@Test
	void aProxiedHandlerIsNamedAndTaggedAsTheClassTheApplicationDeclared() {
		ProxyFactory factory = new ProxyFactory(new Store());
		factory.setProxyTargetClass(true);
		EventHandler proxy = (EventHandler) factory.getProxy();
		assertThat(proxy.getClass()).isNotEqualTo(Store.class);

		HandlerObservationContext context = new HandlerObservationContext(this.deliveries.get(Channel.OPEN), proxy,
				2);

		assertThat(context.getHandlerType()).isEqualTo(Store.class);
		assertThat(DefaultHandlerObservationConvention.INSTANCE.getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("handler", Store.class.getName()));
		assertThat(DefaultHandlerObservationConvention.INSTANCE.getContextualName(context)).isEqualTo("Store open");
	}

	@Test
	void aSubclassExtendingThePreparedKeyValuesLeavesThemUnchangedForOthers() {
		DefaultDeliveryObservationConvention extended = new DefaultDeliveryObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(DeliveryObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("tenant", "shop");
			}

		};
		DeliveryObservationContext context = new DeliveryObservationContext(this.deliveries.get(Channel.BEACON));

		assertThat(extended.getLowCardinalityKeyValues(context)).contains(KeyValue.of("tenant", "shop"));
		assertThat(DefaultDeliveryObservationConvention.INSTANCE.getLowCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("channel", "beacon"), KeyValue.of("outcome", "unknown"));
	}

	private static Map<Channel, Delivery> deliveries() {
		Map<Channel, Delivery> deliveries = new EnumMap<>(Channel.class);
		String body = """
				{"encrypted":false,"data":{"asset_id":"site","session_id":"550e8400-e29b-41d4-a716-446655440000","page_url":"https://example.com/",
				"events":[{"type":"page_view","data":{"location":"https://example.com/","timestamp":1763900000000}}]}}
				""";
		deliveries.put(Channel.BEACON, new BeaconDelivery("b-1",
				BeaconDecoder.builder().build().decode(body.getBytes(StandardCharsets.UTF_8)).payload(), CONTEXT));
		Instant sent = Instant.parse("2026-01-01T00:00:00Z");
		TrackingToken open = new TrackingToken(Kind.OPEN, JsonNodeFactory.instance.objectNode().put("m", "1"), null,
				sent, sent.plusSeconds(86400), "a1b2c3d4", Format.NATIVE, null);
		deliveries.put(Channel.OPEN, new OpenDelivery("o-1", open, Automation.NONE, CONTEXT));
		TrackingToken click = new TrackingToken(Kind.CLICK, JsonNodeFactory.instance.objectNode().put("m", "1"),
				"https://example.com/a", sent, sent.plusSeconds(86400), "a1b2c3d4", Format.NATIVE, null);
		deliveries.put(Channel.CLICK, new ClickDelivery("c-1", click, Automation.NONE, CONTEXT));
		deliveries.put(Channel.INGEST, IngestDelivery
			.of(CanonicalEvent.builder("order.created").id("e-1").source("shop").data("total", 42).build(), CONTEXT));
		for (Channel channel : Channel.values()) {
			assertThat(deliveries.get(channel).channel()).isEqualTo(channel);
		}
		return deliveries;
	}

	/** Does nothing; one handler class. */
	static class Store implements EventHandler {

		@Override
		public void handle(Delivery delivery) {
		}

	}

	/** Does nothing; another handler class. */
	static final class Audit implements EventHandler {

		@Override
		public void handle(Delivery delivery) {
		}

	}

}
