package io.unisights.spring.delivery;

import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;

/**
 * Publishes the {@link DeliveryMetrics} counters as Micrometer meters, which read the
 * counters rather than keep counts of their own, tagged by {@code channel} and, where it
 * applies, {@code reason} or {@code outcome}: low-cardinality tags only. The gauges of
 * the asynchronous queue are bound when there is one.
 */
final class DeliveryMeters implements MeterBinder {

	static final String PREFIX = "unisights.delivery.";

	private final DeliveryMetrics metrics;

	private final Supplier<@Nullable AsynchronousEventDispatcher> queue;

	DeliveryMeters(DeliveryMetrics metrics, Supplier<@Nullable AsynchronousEventDispatcher> queue) {
		this.metrics = metrics;
		this.queue = queue;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Channel channel : Channel.values()) {
			Tags tags = Tags.of("channel", channel.wireName());
			for (DeliveryMetrics.Counter counter : DeliveryMetrics.Counter.values()) {
				counter(registry, counter.meterName(), description(counter), tags, this.metrics.counter(counter),
						channel);
			}
			for (DeliveryMetrics.Reason reason : DeliveryMetrics.Reason.values()) {
				Tags reasonTags = tags.and("reason", reason.tag());
				counter(registry, "rejected", "Items not taken for delivery", reasonTags, this.metrics.rejected(reason),
						channel);
				if (reason == DeliveryMetrics.Reason.SHUTTING_DOWN || reason == DeliveryMetrics.Reason.HANDLER_FAILED) {
					counter(registry, "dead.lettered", "Items written to the dead-letter sink", reasonTags,
							this.metrics.deadLettered(reason), channel);
				}
			}
			for (boolean success : new boolean[] { true, false }) {
				counter(registry, "replayed", "Dead letters replayed through the handlers",
						tags.and("outcome", success ? "success" : "failure"), this.metrics.replayed(success), channel);
			}
		}
		AsynchronousEventDispatcher queue = this.queue.get();
		if (queue != null) {
			Gauge.builder(PREFIX + "queue.size", queue, (dispatcher) -> dispatcher.store().size())
				.description("Items waiting in the asynchronous delivery queue")
				.register(registry);
			Gauge.builder(PREFIX + "queue.capacity", queue, (dispatcher) -> dispatcher.store().capacity())
				.description("Capacity of the asynchronous delivery queue")
				.register(registry);
		}
	}

	private static String description(DeliveryMetrics.Counter counter) {
		return switch (counter) {
			case RECEIVED -> "Items that reached the dispatcher";
			case ACCEPTED -> "Items taken for delivery";
			case DELIVERED -> "Items every handler completed";
			case RETRIED -> "Handler attempts that are retried";
			case DEAD_LETTER_FAILURES -> "Items the dead-letter sink failed to store (logged instead)";
		};
	}

	private static void counter(MeterRegistry registry, String name, String description, Tags tags,
			DeliveryMetrics.Count count, Channel channel) {
		FunctionCounter.builder(PREFIX + name, count, (counted) -> counted.of(channel))
			.description(description)
			.tags(tags)
			.register(registry);
	}

}
