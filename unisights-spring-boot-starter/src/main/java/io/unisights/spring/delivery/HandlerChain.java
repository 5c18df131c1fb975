package io.unisights.spring.delivery;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.delivery.observation.DefaultDeliveryObservationConvention;
import io.unisights.spring.delivery.observation.DefaultHandlerObservationConvention;
import io.unisights.spring.delivery.observation.DeliveryObservationContext;
import io.unisights.spring.delivery.observation.DeliveryObservationConvention;
import io.unisights.spring.delivery.observation.DeliveryObservationDocumentation;
import io.unisights.spring.delivery.observation.HandlerObservationContext;
import io.unisights.spring.delivery.observation.HandlerObservationConvention;

/**
 * Runs the handlers, in order, for an item; the first failure ends the attempt. Shared by
 * every dispatch mode and by replay so that they agree on what "delivered" means.
 * <p>
 * Each delivery ({@link #deliver} with its retries, or a single {@link #attempt}) is a
 * {@code unisights.delivery} observation, and each handler call a {@code unisights.handler}
 * observation inside it. The handler observation is what times handler calls (a meter
 * registry turns it into the {@code unisights.handler} timer); the chain only counts
 * retries.
 */
final class HandlerChain {

	private final List<EventHandler> handlers;

	private final DeliveryMetrics metrics;

	private final Clock clock;

	private final ObservationRegistry observations;

	private final @Nullable DeliveryObservationConvention deliveryConvention;

	private final @Nullable HandlerObservationConvention handlerConvention;

	HandlerChain(List<EventHandler> handlers, DeliveryMetrics metrics, Clock clock) {
		this(handlers, metrics, clock, ObservationRegistry.NOOP, null, null);
	}

	HandlerChain(List<EventHandler> handlers, DeliveryMetrics metrics, Clock clock,
			ObservationRegistry observations, @Nullable DeliveryObservationConvention deliveryConvention,
			@Nullable HandlerObservationConvention handlerConvention) {
		this.handlers = List.copyOf(handlers);
		this.metrics = metrics;
		this.clock = clock;
		this.observations = observations;
		this.deliveryConvention = deliveryConvention;
		this.handlerConvention = handlerConvention;
	}

	/**
	 * Makes one attempt, starting at the first handler that has not completed yet, observed
	 * as a delivery of its own (replay).
	 * @param item the item
	 * @return whether every handler has now completed
	 */
	boolean attempt(PendingDelivery item) {
		DeliveryObservationContext context = new DeliveryObservationContext(item.delivery());
		Observation observation = startDelivery(context);
		boolean delivered = false;
		try (Observation.Scope scope = observation.openScope()) {
			delivered = attemptHandlers(item);
			return delivered;
		}
		finally {
			stopDelivery(observation, context, item, delivered);
		}
	}

	private boolean attemptHandlers(PendingDelivery item) {
		Delivery delivery = item.delivery();
		item.startAttempt(this.clock.instant());
		while (item.nextHandler() < this.handlers.size()) {
			EventHandler handler = this.handlers.get(item.nextHandler());
			HandlerObservationContext context = new HandlerObservationContext(delivery, handler, item.attempts());
			Observation observation = DeliveryObservationDocumentation.HANDLER
				.observation(this.handlerConvention, DefaultHandlerObservationConvention.INSTANCE, () -> context,
						this.observations)
				.start();
			try (Observation.Scope scope = observation.openScope()) {
				handler.handle(delivery);
			}
			catch (Exception | LinkageError | AssertionError ex) {
				observation.error(ex);
				observation.stop();
				item.failed(handler, ex);
				return false;
			}
			observation.stop();
			item.completedHandler();
		}
		return true;
	}

	private Observation startDelivery(DeliveryObservationContext context) {
		return DeliveryObservationDocumentation.DELIVERY
			.observation(this.deliveryConvention, DefaultDeliveryObservationConvention.INSTANCE, () -> context,
					this.observations)
			.start();
	}

	private static void stopDelivery(Observation observation, DeliveryObservationContext context,
			PendingDelivery item, boolean delivered) {
		context.setOutcome(delivered, item.attempts());
		Throwable error = item.lastError();
		if (!delivered && error != null && context.getError() == null) {
			observation.error(error);
		}
		observation.stop();
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
		DeliveryObservationContext context = new DeliveryObservationContext(item.delivery());
		Observation observation = startDelivery(context);
		boolean delivered = false;
		try (Observation.Scope scope = observation.openScope()) {
			delivered = retry(item, policy, abandoned);
			return delivered;
		}
		catch (InterruptedException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			stopDelivery(observation, context, item, delivered);
		}
	}

	private boolean retry(PendingDelivery item, RetryPolicy policy, BooleanSupplier abandoned)
			throws InterruptedException {
		while (!attemptHandlers(item)) {
			int attempts = item.attempts();
			Throwable error = item.lastError();
			if (!policy.allowsAnotherAttempt(attempts) || DeliveryException.isPermanent(error)
					|| abandoned.getAsBoolean()) {
				return false;
			}
			this.metrics.count(DeliveryMetrics.Counter.RETRIED, item.delivery().channel());
			TimeUnit.NANOSECONDS.sleep(DeliveryException.waitNanos(error, policy.backoffNanos(attempts)));
		}
		return true;
	}

}
