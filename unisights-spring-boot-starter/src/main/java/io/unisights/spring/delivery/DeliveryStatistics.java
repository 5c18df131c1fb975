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
 * checkable. Every notification is passed on to the delegate.
 */
final class DeliveryStatistics implements DeliveryObserver {

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

	DeliveryStatistics(DeliveryObserver delegate, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
	}

	@Override
	public void received(Channel channel) {
		this.received.increment();
		this.delegate.received(channel);
	}

	@Override
	public void accepted(Channel channel) {
		this.accepted.increment();
		this.delegate.accepted(channel);
	}

	@Override
	public void rejected(Channel channel, String reason) {
		if (DUPLICATE.equals(reason)) {
			this.duplicates.increment();
		}
		else {
			this.rejected.increment();
		}
		this.delegate.rejected(channel, reason);
	}

	@Override
	public void handled(Channel channel, long nanos, boolean success) {
		this.delegate.handled(channel, nanos, success);
	}

	@Override
	public void retried(Channel channel) {
		this.retried.increment();
		this.delegate.retried(channel);
	}

	@Override
	public void delivered(Channel channel) {
		this.delivered.increment();
		this.delegate.delivered(channel);
	}

	@Override
	public void deadLettered(Channel channel, String reason) {
		this.deadLettered.increment();
		this.lastDeadLetteredAt.set(this.clock.instant());
		this.delegate.deadLettered(channel, reason);
	}

	@Override
	public void deadLetterFailed(Channel channel) {
		this.deadLetterFailures.increment();
		this.delegate.deadLetterFailed(channel);
	}

	@Override
	public void replayed(Channel channel, boolean success) {
		this.delegate.replayed(channel, success);
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

}
