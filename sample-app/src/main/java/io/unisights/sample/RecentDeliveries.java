package io.unisights.sample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

import org.springframework.stereotype.Component;

/**
 * The sample's handler: logs a one-line summary of each delivery and keeps the most recent
 * ones in memory.
 */
@Component
public class RecentDeliveries implements EventHandler {

	private static final Logger logger = LoggerFactory.getLogger(RecentDeliveries.class);

	static final int CAPACITY = 1000;

	private final ArrayDeque<Delivery> recent = new ArrayDeque<>(CAPACITY);

	@Override
	public void handle(Delivery delivery) {
		logger.info("Received {} {} key={} from {}", delivery.channel().wireName(), delivery.id(),
				delivery.partitionKey(), delivery.context().clientIp());
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
