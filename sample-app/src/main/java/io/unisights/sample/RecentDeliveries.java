package io.unisights.sample;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.wire.SingleLine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The sample's handler: logs a one-line summary of each delivery and keeps the last few in
 * memory, for tests and a look in a debugger (the dashboard reads the database handler's
 * table). {@code sample.handler.delay} and {@code sample.handler.failure-rate} make
 * it slow or flaky, to watch queueing, retries and dead-lettering at work.
 */
@Component
public class RecentDeliveries implements EventHandler {

	private static final Logger logger = LoggerFactory.getLogger(RecentDeliveries.class);

	// Few on purpose: every delivery kept survives young collections and is copied by them.
	// Keeping 1,000 100-event beacons (17 MB of records) made the collector's pauses four
	// times as long as a handler that keeps nothing, a cost a host's handler does not have.
	static final int CAPACITY = 32;

	private final ArrayDeque<Delivery> recent = new ArrayDeque<>(CAPACITY);

	private final Duration delay;

	private final double failureRate;

	public RecentDeliveries(@Value("${sample.handler.delay:0s}") Duration delay,
			@Value("${sample.handler.failure-rate:0}") double failureRate) {
		if (failureRate < 0.0 || failureRate > 1.0) {
			throw new IllegalArgumentException("sample.handler.failure-rate must be between 0 and 1 but was " + failureRate);
		}
		this.delay = delay;
		this.failureRate = failureRate;
	}

	@Override
	public void handle(Delivery delivery) throws InterruptedException {
		if (!this.delay.isZero()) {
			Thread.sleep(this.delay.toMillis());
		}
		if (this.failureRate > 0 && ThreadLocalRandom.current().nextDouble() < this.failureRate) {
			logger.info("Failing {} {} on purpose (sample.handler.failure-rate)", delivery.channel().wireName(),
					SingleLine.escape(delivery.id()));
			throw new IllegalStateException("Simulated failure (sample.handler.failure-rate=" + this.failureRate + ")");
		}
		// One line per item with its channel and session or event id, so a run can be
		// audited from the log alone. Every value came with a request: escaped, so that
		// none can start a line of its own.
		if (logger.isInfoEnabled()) {
			String key = (delivery instanceof BeaconDelivery beacon) ? "session=" + beacon.payload().sessionId()
					: "event=" + delivery.partitionKey();
			logger.info("Delivered {} id={} {} from {}", delivery.channel().wireName(),
					SingleLine.escape(delivery.id()), SingleLine.escape(key),
					SingleLine.escape(delivery.context().clientIp()));
		}
		synchronized (this.recent) {
			if (this.recent.size() == CAPACITY) {
				this.recent.removeFirst();
			}
			this.recent.addLast(delivery);
		}
	}

	/**
	 * Returns the most recent deliveries.
	 * @param limit how many at most
	 * @return up to {@code limit} deliveries, oldest first
	 */
	public List<Delivery> latest(int limit) {
		synchronized (this.recent) {
			int skip = Math.max(0, this.recent.size() - limit);
			List<Delivery> latest = new ArrayList<>(this.recent.size() - skip);
			Iterator<Delivery> iterator = this.recent.iterator();
			for (int i = 0; iterator.hasNext(); i++) {
				Delivery delivery = iterator.next();
				if (i >= skip) {
					latest.add(delivery);
				}
			}
			return latest;
		}
	}

}
