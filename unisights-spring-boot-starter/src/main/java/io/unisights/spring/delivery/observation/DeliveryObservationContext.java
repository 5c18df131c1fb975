package io.unisights.spring.delivery.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Delivery;

/**
 * What a {@code unisights.delivery} observation sees of one item carried through the
 * handlers: the item, and once it ends, whether every handler completed and after how
 * many attempts.
 */
public class DeliveryObservationContext extends Observation.Context {

	private final Delivery delivery;

	private volatile @Nullable Boolean delivered;

	private volatile int attempts;

	/**
	 * Creates a context.
	 * @param delivery the item being delivered
	 */
	public DeliveryObservationContext(Delivery delivery) {
		this.delivery = delivery;
	}

	/**
	 * Returns the item being delivered. Its id and payload are high-cardinality and
	 * personal data: not for tags.
	 * @return the item
	 */
	public Delivery getDelivery() {
		return this.delivery;
	}

	/**
	 * Returns whether every handler completed, once the delivery has ended.
	 * @return {@code true} or {@code false} once ended, {@code null} while in progress
	 */
	public @Nullable Boolean getDelivered() {
		return this.delivered;
	}

	/**
	 * Records how the delivery ended.
	 * @param delivered whether every handler completed
	 * @param attempts how many attempts were made
	 */
	public void setOutcome(boolean delivered, int attempts) {
		this.attempts = attempts;
		this.delivered = delivered;
	}

	/**
	 * Returns how many attempts were made, once the delivery has ended.
	 * @return the attempts, 0 while in progress
	 */
	public int getAttempts() {
		return this.attempts;
	}

}
