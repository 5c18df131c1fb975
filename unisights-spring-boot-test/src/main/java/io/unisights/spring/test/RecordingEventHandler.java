package io.unisights.spring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.ClickDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.IngestDelivery;
import io.unisights.spring.OpenDelivery;

import org.springframework.core.Ordered;

/**
 * An {@link EventHandler} that records every delivery, for tests. Register it as a bean
 * ({@code @Import(RecordingEventHandler.class)} or a {@code @Bean} method) beside or instead
 * of your own handlers. With {@code unisights.delivery.mode=async} deliveries arrive after
 * the response, so wait for them with {@link #awaitBeacons(int, Duration)} and its
 * siblings rather than reading them at once. It runs after the other handlers (lowest
 * precedence), so once it has recorded an item, your handlers have handled it too.
 * Thread-safe.
 */
public class RecordingEventHandler implements EventHandler, Ordered {

	private final List<Delivery> deliveries = new ArrayList<>();

	private volatile @Nullable RuntimeException failure;

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void handle(Delivery delivery) {
		RuntimeException toThrow = this.failure;
		if (toThrow != null) {
			throw toThrow;
		}
		synchronized (this.deliveries) {
			this.deliveries.add(delivery);
			this.deliveries.notifyAll();
		}
	}

	/**
	 * Returns what was delivered so far, in order of delivery.
	 * @return a copy of the deliveries of every channel
	 */
	public List<Delivery> deliveries() {
		synchronized (this.deliveries) {
			return List.copyOf(this.deliveries);
		}
	}

	/**
	 * Returns the beacons delivered so far.
	 * @return a copy, in order of delivery
	 */
	public List<BeaconDelivery> beacons() {
		return of(BeaconDelivery.class);
	}

	/**
	 * Returns the email opens delivered so far.
	 * @return a copy, in order of delivery
	 */
	public List<OpenDelivery> opens() {
		return of(OpenDelivery.class);
	}

	/**
	 * Returns the email clicks delivered so far.
	 * @return a copy, in order of delivery
	 */
	public List<ClickDelivery> clicks() {
		return of(ClickDelivery.class);
	}

	/**
	 * Returns the server-to-server events delivered so far.
	 * @return a copy, in order of delivery
	 */
	public List<IngestDelivery> ingested() {
		return of(IngestDelivery.class);
	}

	/**
	 * Waits until at least {@code count} deliveries of any channel arrived.
	 * @param count how many to wait for
	 * @param timeout longest wait
	 * @return every delivery so far
	 * @throws AssertionError if fewer arrived within the timeout, naming what did
	 */
	public List<Delivery> awaitDeliveries(int count, Duration timeout) {
		return await(Delivery.class, count, timeout);
	}

	/**
	 * Waits until at least {@code count} beacons arrived.
	 * @param count how many to wait for
	 * @param timeout longest wait
	 * @return the beacons so far
	 * @throws AssertionError if fewer arrived within the timeout, naming what did
	 */
	public List<BeaconDelivery> awaitBeacons(int count, Duration timeout) {
		return await(BeaconDelivery.class, count, timeout);
	}

	/**
	 * Waits until at least {@code count} email opens arrived.
	 * @param count how many to wait for
	 * @param timeout longest wait
	 * @return the opens so far
	 * @throws AssertionError if fewer arrived within the timeout, naming what did
	 */
	public List<OpenDelivery> awaitOpens(int count, Duration timeout) {
		return await(OpenDelivery.class, count, timeout);
	}

	/**
	 * Waits until at least {@code count} email clicks arrived.
	 * @param count how many to wait for
	 * @param timeout longest wait
	 * @return the clicks so far
	 * @throws AssertionError if fewer arrived within the timeout, naming what did
	 */
	public List<ClickDelivery> awaitClicks(int count, Duration timeout) {
		return await(ClickDelivery.class, count, timeout);
	}

	/**
	 * Waits until at least {@code count} server-to-server events arrived.
	 * @param count how many to wait for
	 * @param timeout longest wait
	 * @return the events so far
	 * @throws AssertionError if fewer arrived within the timeout, naming what did
	 */
	public List<IngestDelivery> awaitIngested(int count, Duration timeout) {
		return await(IngestDelivery.class, count, timeout);
	}

	/**
	 * Makes every following delivery fail with the given exception (and not be recorded),
	 * to exercise retries, 500 answers and dead letters; {@code null} makes it record again.
	 * @param failure the exception to throw, or {@code null}
	 */
	public void failWith(@Nullable RuntimeException failure) {
		this.failure = failure;
	}

	/**
	 * Forgets what was recorded and stops failing, for instance between the tests that
	 * share a cached application context.
	 */
	public void reset() {
		this.failure = null;
		synchronized (this.deliveries) {
			this.deliveries.clear();
		}
	}

	private <T extends Delivery> List<T> of(Class<T> type) {
		synchronized (this.deliveries) {
			return select(type);
		}
	}

	private <T extends Delivery> List<T> await(Class<T> type, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.deliveries) {
			List<T> found = select(type);
			while (found.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("Expected at least " + count + " " + type.getSimpleName()
							+ " within " + timeout + " but " + found.size() + " arrived; all deliveries: "
							+ describe(this.deliveries));
				}
				try {
					this.deliveries.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted while waiting for " + type.getSimpleName(), ex);
				}
				found = select(type);
			}
			return found;
		}
	}

	private <T extends Delivery> List<T> select(Class<T> type) {
		List<T> selected = new ArrayList<>();
		for (Delivery delivery : this.deliveries) {
			if (type.isInstance(delivery)) {
				selected.add(type.cast(delivery));
			}
		}
		return List.copyOf(selected);
	}

	private static String describe(List<Delivery> deliveries) {
		List<String> items = new ArrayList<>();
		for (Delivery delivery : deliveries) {
			items.add(delivery.channel() + ":" + delivery.id());
		}
		return items.toString();
	}

}
