package io.unisights.spring.delivery;

/**
 * An {@link io.unisights.spring.EventHandler} threw while an item was delivered
 * synchronously. The endpoint answers 500 so the sender retries.
 */
public class HandlerFailedException extends RuntimeException {

	/** The delivery that failed. */
	private final String deliveryId;

	/**
	 * Creates the exception.
	 * @param deliveryId the delivery that failed
	 * @param handlerName the handler that threw
	 * @param cause what it threw
	 */
	public HandlerFailedException(String deliveryId, String handlerName, Throwable cause) {
		super("Handler " + handlerName + " failed", cause);
		this.deliveryId = deliveryId;
	}

	/**
	 * The delivery that failed.
	 * @return its id
	 */
	public String getDeliveryId() {
		return this.deliveryId;
	}

}
