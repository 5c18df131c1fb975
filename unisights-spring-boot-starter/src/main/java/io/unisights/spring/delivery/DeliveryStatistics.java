package io.unisights.spring.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;

/**
 * Running totals kept whether or not Micrometer is present: the health indicator and the
 * dead-letter endpoint read them, and they make "accepted = delivered + dead-lettered"
 * checkable. The {@linkplain #observer() observer} counts and passes every
 * notification on to the delegate (Micrometer, when present).
 */
final class DeliveryStatistics {

	private final DeliveryObserver delegate;

	private final Clock clock;

	private final LongAdder received = new LongAdder();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder delivered = new LongAdder();

	private final LongAdder retried = new LongAdder();

	private final LongAdder deadLettered = new LongAdder();

	private final LongAdder deadLetterFailures = new LongAdder();

	private final AtomicReference<@Nullable Instant> lastDeadLetteredAt = new AtomicReference<>();

	private final DeliveryObserver observer = new Counting();

	DeliveryStatistics(DeliveryObserver delegate, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
	}

	/**
	 * The observer that dispatchers and replay report to.
	 * @return the observer
	 */
	DeliveryObserver observer() {
		return this.observer;
	}

	long received() {
		return this.received.sum();
	}

	long accepted() {
		return this.accepted.sum();
	}

	long rejected() {
		return this.rejected.sum();
	}

	long duplicates() {
		return this.duplicates.sum();
	}

	long delivered() {
		return this.delivered.sum();
	}

	long retried() {
		return this.retried.sum();
	}

	long deadLettered() {
		return this.deadLettered.sum();
	}

	long deadLetterFailures() {
		return this.deadLetterFailures.sum();
	}

	@Nullable Instant lastDeadLetteredAt() {
		return this.lastDeadLetteredAt.get();
	}

	private final class Counting implements DeliveryObserver {

		@Override
		public void received(Channel channel) {
			DeliveryStatistics.this.received.increment();
			DeliveryStatistics.this.delegate.received(channel);
		}

		@Override
		public void accepted(Channel channel) {
			DeliveryStatistics.this.accepted.increment();
			DeliveryStatistics.this.delegate.accepted(channel);
		}

		@Override
		public void rejected(Channel channel, String reason) {
			if (DUPLICATE.equals(reason)) {
				DeliveryStatistics.this.duplicates.increment();
			}
			else {
				DeliveryStatistics.this.rejected.increment();
			}
			DeliveryStatistics.this.delegate.rejected(channel, reason);
		}

		@Override
		public void handled(Channel channel, long nanos, boolean success) {
			DeliveryStatistics.this.delegate.handled(channel, nanos, success);
		}

		@Override
		public void retried(Channel channel) {
			DeliveryStatistics.this.retried.increment();
			DeliveryStatistics.this.delegate.retried(channel);
		}

		@Override
		public void delivered(Channel channel) {
			DeliveryStatistics.this.delivered.increment();
			DeliveryStatistics.this.delegate.delivered(channel);
		}

		@Override
		public void deadLettered(Channel channel, String reason) {
			DeliveryStatistics.this.deadLettered.increment();
			DeliveryStatistics.this.lastDeadLetteredAt.set(DeliveryStatistics.this.clock.instant());
			DeliveryStatistics.this.delegate.deadLettered(channel, reason);
		}

		@Override
		public void deadLetterFailed(Channel channel) {
			DeliveryStatistics.this.deadLetterFailures.increment();
			DeliveryStatistics.this.delegate.deadLetterFailed(channel);
		}

		@Override
		public void replayed(Channel channel, boolean success) {
			DeliveryStatistics.this.delegate.replayed(channel, success);
		}

	}

}
