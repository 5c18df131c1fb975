package io.unisights.spring.delivery;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

/**
 * Runs the handlers, in order, for an item; the first failure ends the attempt. Shared by
 * every dispatch mode and by replay so that they agree on what "delivered" means.
 */
final class HandlerChain {

	private final List<EventHandler> handlers;

	private final DeliveryObserver observer;

	private final Clock clock;

	HandlerChain(List<EventHandler> handlers, DeliveryObserver observer, Clock clock) {
		this.handlers = List.copyOf(handlers);
		this.observer = observer;
		this.clock = clock;
	}

	/**
	 * Makes one attempt, starting at the first handler that has not completed yet.
	 * @param item the item
	 * @return whether every handler has now completed
	 */
	boolean attempt(PendingDelivery item) {
		Delivery delivery = item.delivery();
		item.startAttempt(this.clock.instant());
		while (item.nextHandler() < this.handlers.size()) {
			EventHandler handler = this.handlers.get(item.nextHandler());
			long start = System.nanoTime();
			try {
				handler.handle(delivery);
			}
			catch (Exception | LinkageError | AssertionError ex) {
				this.observer.handled(delivery.channel(), System.nanoTime() - start, false);
				item.failed(handler, ex);
				return false;
			}
			this.observer.handled(delivery.channel(), System.nanoTime() - start, true);
			item.completedHandler();
		}
		return true;
	}

	/**
	 * Attempts until every handler completed or the policy allows no further attempt,
	 * waiting with backoff in between.
	 * @param item the item
	 * @param policy how often and how long apart to attempt
	 * @param abandoned checked before each retry; once it answers {@code true} no further
	 * attempt is made
	 * @return whether the item was delivered
	 * @throws InterruptedException if interrupted while waiting to retry
	 */
	boolean deliver(PendingDelivery item, RetryPolicy policy, BooleanSupplier abandoned) throws InterruptedException {
		while (!attempt(item)) {
			int attempts = item.attempts();
			Throwable error = item.lastError();
			if (!policy.allowsAnotherAttempt(attempts) || DeliveryException.isPermanent(error)
					|| abandoned.getAsBoolean()) {
				return false;
			}
			this.observer.retried(item.delivery().channel());
			TimeUnit.NANOSECONDS.sleep(DeliveryException.waitNanos(error, policy.backoffNanos(attempts)));
		}
		return true;
	}

}
