package io.unisights.spring.delivery.observation;

import io.micrometer.observation.Observation;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

import org.springframework.util.ClassUtils;

/**
 * What a {@code unisights.handler} observation sees of one handler call: the handler, the
 * item, and which attempt of the item this call belongs to. A failed call carries the
 * handler's exception as the observation's error.
 */
public class HandlerObservationContext extends Observation.Context {

	private final Delivery delivery;

	private final EventHandler handler;

	private final int attempt;

	/**
	 * Creates a context.
	 * @param delivery the item handed to the handler
	 * @param handler the handler called
	 * @param attempt the item's attempt this call belongs to, from 1
	 */
	public HandlerObservationContext(Delivery delivery, EventHandler handler, int attempt) {
		this.delivery = delivery;
		this.handler = handler;
		this.attempt = attempt;
	}

	/**
	 * Returns the item handed to the handler; not for tags (high-cardinality, personal
	 * data).
	 * @return the item
	 */
	public Delivery getDelivery() {
		return this.delivery;
	}

	/**
	 * Returns the handler called.
	 * @return the handler
	 */
	public EventHandler getHandler() {
		return this.handler;
	}

	/**
	 * Returns the handler's class as the application declared it (not a generated
	 * subclass such as a CGLIB proxy).
	 * @return the class
	 */
	public Class<?> getHandlerType() {
		return ClassUtils.getUserClass(this.handler);
	}

	/**
	 * Returns the item's attempt this call belongs to.
	 * @return the attempt, from 1
	 */
	public int getAttempt() {
		return this.attempt;
	}

}
