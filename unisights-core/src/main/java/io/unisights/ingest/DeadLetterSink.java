package io.unisights.ingest;

import java.nio.file.Path;

/**
 * Keeps what the {@link EventsClient} could not deliver, so that nothing is lost when the
 * receiver is down for longer than the retries last. Implementations must be thread-safe:
 * a client may fail several messages at once.
 */
@FunctionalInterface
public interface DeadLetterSink {

	/**
	 * Keeps a message that could not be delivered.
	 * @param letter the message and why it failed
	 * @throws java.io.UncheckedIOException if it cannot be kept
	 */
	void accept(DeadLetter letter);

	/**
	 * A sink that appends each message as one JSON line to a file, created if absent.
	 * {@link EventsClient#replay(Path)} sends such a file again.
	 * @param file the file
	 * @return the sink
	 */
	static DeadLetterSink jsonl(Path file) {
		return new JsonlDeadLetterSink(file);
	}

}
