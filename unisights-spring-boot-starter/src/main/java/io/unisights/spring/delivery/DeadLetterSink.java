package io.unisights.spring.delivery;

/**
 * Receives the items that asynchronous delivery gave up on: after the last retry, or
 * still queued when the shutdown timeout ran out. The default is a
 * {@link JsonlDeadLetterFile}; declare a bean of this type to send them elsewhere.
 */
@FunctionalInterface
public interface DeadLetterSink {

	/**
	 * Stores an item durably: once this method returns, the item must survive a crash.
	 * @param letter the item and why it was not delivered
	 * @throws java.io.UncheckedIOException or another runtime exception if the item could
	 * not be stored; the collector then logs the whole item at ERROR level as a last resort
	 */
	void accept(DeadLetter letter);

}
