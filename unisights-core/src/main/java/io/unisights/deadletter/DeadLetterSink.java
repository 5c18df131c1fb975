package io.unisights.deadletter;

/**
 * Keeps what could not be delivered, so that nothing is lost when a receiver or handler is
 * down for longer than the retries last. The events client and the collector both hand
 * their dead letters to one; {@link JsonLinesFile} is the file both write by default.
 * Implementations must be thread-safe: several items may fail at once.
 *
 * @param <D> the sender's part of the {@link DeadLetter}
 */
@FunctionalInterface
public interface DeadLetterSink<D> {

	/**
	 * Stores an item durably: once this method returns, the item must survive a crash.
	 * @param letter the item and why it was not delivered
	 * @throws java.io.UncheckedIOException or another runtime exception if the item could
	 * not be stored; the sender then logs it at ERROR level as a last resort and reports
	 * it as not kept
	 */
	void accept(DeadLetter<D> letter);

}
