package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;

/**
 * The one count of what happens to items on their way to the handlers, kept whether or
 * not Micrometer is present: the dispatchers and the replay count here, Micrometer's
 * meters read these counters ({@link DeliveryMeters}), and so does the health indicator.
 * Handler calls are timed by the {@code unisights.handler} observation, not here. Kept
 * free of Micrometer types so that delivery works without it on the classpath.
 */
final class DeliveryMetrics {

	private final Clock clock;

	private final Count[] counters = counts(Counter.values().length);

	private final Count[] rejected = counts(Reason.values().length);

	private final Count[] deadLettered = counts(Reason.values().length);

	private final Count[] replayed = counts(2);

	private final AtomicReference<@Nullable Instant> lastDeadLetteredAt = new AtomicReference<>();

	DeliveryMetrics(Clock clock) {
		this.clock = clock;
	}

	private static Count[] counts(int length) {
		Count[] counts = new Count[length];
		for (int i = 0; i < length; i++) {
			counts[i] = new Count();
		}
		return counts;
	}

	void count(Counter counter, Channel channel) {
		this.counters[counter.ordinal()].increment(channel);
	}

	void rejected(Channel channel, Reason reason) {
		this.rejected[reason.ordinal()].increment(channel);
	}

	void deadLettered(Channel channel, Reason reason) {
		this.deadLettered[reason.ordinal()].increment(channel);
		this.lastDeadLetteredAt.set(this.clock.instant());
	}

	void replayed(Channel channel, boolean success) {
		this.replayed[success ? 0 : 1].increment(channel);
	}

	/**
	 * Items counted by one counter, across channels.
	 * @param counter the counter
	 * @return the total
	 */
	long total(Counter counter) {
		return this.counters[counter.ordinal()].total();
	}

	/**
	 * Items refused as duplicates, across channels.
	 * @return the total
	 */
	long duplicates() {
		return this.rejected[Reason.DUPLICATE.ordinal()].total();
	}

	/**
	 * Items refused for any other reason, across channels.
	 * @return the total
	 */
	long rejected() {
		long total = 0;
		for (Reason reason : Reason.values()) {
			total += (reason != Reason.DUPLICATE) ? this.rejected[reason.ordinal()].total() : 0;
		}
		return total;
	}

	/**
	 * Items written to the dead-letter sink, across channels and reasons.
	 * @return the total
	 */
	long deadLettered() {
		long total = 0;
		for (Count count : this.deadLettered) {
			total += count.total();
		}
		return total;
	}

	Count counter(Counter counter) {
		return this.counters[counter.ordinal()];
	}

	Count rejected(Reason reason) {
		return this.rejected[reason.ordinal()];
	}

	Count deadLettered(Reason reason) {
		return this.deadLettered[reason.ordinal()];
	}

	Count replayed(boolean success) {
		return this.replayed[success ? 0 : 1];
	}

	@Nullable Instant lastDeadLetteredAt() {
		return this.lastDeadLetteredAt.get();
	}

	/**
	 * What is counted by channel alone. The meter of each is named, after
	 * {@code unisights.delivery.}, by the constant in lower case with dots for underscores
	 * ({@code dead.letter.failures}); see {@link DeliveryMeters}.
	 */
	enum Counter {

		/** Items that reached the dispatcher. */
		RECEIVED,

		/** Items taken for delivery. */
		ACCEPTED,

		/** Items every handler completed. */
		DELIVERED,

		/** Handler attempts that are retried. */
		RETRIED,

		/** Items the dead-letter sink failed to store. */
		DEAD_LETTER_FAILURES;

		String meterName() {
			return name().toLowerCase(Locale.ROOT).replace('_', '.');
		}

	}

	/**
	 * Why an item was refused or dead-lettered; its wire name is the {@code reason} tag.
	 */
	enum Reason {

		/** Refused because it was already accepted. */
		DUPLICATE("duplicate"),

		/** Refused because the queue was full. */
		QUEUE_FULL("queue-full"),

		/** Refused or dead-lettered because the collector was stopping. */
		SHUTTING_DOWN("shutting-down"),

		/** Refused or dead-lettered because a handler kept failing. */
		HANDLER_FAILED("handler-failed");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

	/**
	 * One counter per channel.
	 */
	static final class Count {

		private final LongAdder[] channels = new LongAdder[Channel.values().length];

		Count() {
			for (int i = 0; i < this.channels.length; i++) {
				this.channels[i] = new LongAdder();
			}
		}

		void increment(Channel channel) {
			this.channels[channel.ordinal()].increment();
		}

		long of(Channel channel) {
			return this.channels[channel.ordinal()].sum();
		}

		long total() {
			long total = 0;
			for (LongAdder channel : this.channels) {
				total += channel.sum();
			}
			return total;
		}

	}

}
