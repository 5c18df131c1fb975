package io.unisights.spring.forward;

/**
 * Thrown by a forwarder when the downstream system did not take a delivery; the delivery
 * machinery retries it and, at last, dead-letters it.
 */
public class ForwardingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed, naming the delivery
	 * @param cause the underlying failure
	 */
	public ForwardingException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates an exception without an underlying failure.
	 * @param message what failed, naming the delivery
	 */
	public ForwardingException(String message) {
		super(message);
	}

}
