package io.unisights.spring.delivery;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.unisights.spring.Channel;

/**
 * Publishes delivery events as Micrometer meters, tagged by {@code channel} and, where
 * it applies, {@code reason} or {@code outcome}: low-cardinality tags only.
 */
final class MicrometerDeliveryObserver implements DeliveryObserver {

	static final String PREFIX = "unisights.delivery.";

	private final MeterRegistry registry;

	private final Map<Channel, Counter> received = new EnumMap<>(Channel.class);

	private final Map<Channel, Counter> accepted = new EnumMap<>(Channel.class);

	private final Map<Channel, Counter> delivered = new EnumMap<>(Channel.class);

	private final Map<Channel, Counter> retried = new EnumMap<>(Channel.class);

	private final Map<Channel, Timer> succeeded = new EnumMap<>(Channel.class);

	private final Map<Channel, Timer> failed = new EnumMap<>(Channel.class);

	MicrometerDeliveryObserver(MeterRegistry registry) {
		this.registry = registry;
		for (Channel channel : Channel.values()) {
			String tag = channel.wireName();
			this.received.put(channel, counter("received", "Items that reached the dispatcher", tag));
			this.accepted.put(channel, counter("accepted", "Items taken for delivery", tag));
			this.delivered.put(channel, counter("delivered", "Items every handler completed", tag));
			this.retried.put(channel, counter("retried", "Handler attempts that are retried", tag));
			this.succeeded.put(channel, timer(tag, "success"));
			this.failed.put(channel, timer(tag, "failure"));
		}
	}

	private Counter counter(String name, String description, String channel) {
		return Counter.builder(PREFIX + name).description(description).tag("channel", channel).register(this.registry);
	}

	private Timer timer(String channel, String outcome) {
		return Timer.builder(PREFIX + "handler")
			.description("Time one handler took for one item")
			.tag("channel", channel)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	@Override
	public void received(Channel channel) {
		this.received.get(channel).increment();
	}

	@Override
	public void accepted(Channel channel) {
		this.accepted.get(channel).increment();
	}

	@Override
	public void rejected(Channel channel, String reason) {
		Counter.builder(PREFIX + "rejected")
			.description("Items not taken for delivery")
			.tag("channel", channel.wireName())
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void handled(Channel channel, long nanos, boolean success) {
		(success ? this.succeeded : this.failed).get(channel).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void retried(Channel channel) {
		this.retried.get(channel).increment();
	}

	@Override
	public void delivered(Channel channel) {
		this.delivered.get(channel).increment();
	}

	@Override
	public void deadLettered(Channel channel, String reason) {
		Counter.builder(PREFIX + "dead.lettered")
			.description("Items written to the dead-letter sink")
			.tag("channel", channel.wireName())
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void deadLetterFailed(Channel channel) {
		Counter.builder(PREFIX + "dead.letter.failures")
			.description("Items the dead-letter sink failed to store (logged instead)")
			.tag("channel", channel.wireName())
			.register(this.registry)
			.increment();
	}

	@Override
	public void replayed(Channel channel, boolean success) {
		Counter.builder(PREFIX + "replayed")
			.description("Dead letters replayed through the handlers")
			.tag("channel", channel.wireName())
			.tag("outcome", success ? "success" : "failure")
			.register(this.registry)
			.increment();
	}

}
