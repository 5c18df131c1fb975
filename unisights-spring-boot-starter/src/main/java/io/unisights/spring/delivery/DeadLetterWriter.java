package io.unisights.spring.delivery;

import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.Channel;
import io.unisights.wire.SingleLine;

/**
 * Hands what asynchronous delivery gives up on to the {@link DeadLetterSink}, counts it,
 * and logs an item the sink failed to take in full, the last place it can be recovered
 * from. Writes hold a lock that shutdown holds while it interrupts the workers, so that no
 * interrupt lands in the middle of a write.
 */
final class DeadLetterWriter {

	private static final Log logger = LogFactory.getLog(AsynchronousEventDispatcher.class);

	private final DeadLetterSink<Receipt> sink;

	private final DeliveryMetrics metrics;

	private final ReentrantLock writes = new ReentrantLock();

	DeadLetterWriter(DeadLetterSink<Receipt> sink, DeliveryMetrics metrics) {
		this.sink = sink;
		this.metrics = metrics;
	}

	/**
	 * Writes an item unless another path settled it first.
	 * @param item the item
	 * @param error the error to record if the item never failed
	 * @param reason why it is dead-lettered
	 * @return whether it was handed to the sink
	 */
	boolean write(PendingDelivery item, String error, DeliveryMetrics.Reason reason) {
		if (!item.settle()) {
			return false;
		}
		write(item.delivery().channel(), item.toDeadLetter(error), reason);
		return true;
	}

	/**
	 * Writes a stored item that cannot be restored, as it was stored.
	 * @param failure why it cannot be restored
	 */
	void writeUnrestorable(DeliveryCodec.UnrestorableException failure) {
		DeliveryEnvelope envelope = failure.envelope();
		Instant at = envelope.context().receivedAt();
		write(envelope.channel(), new DeadLetter<>(envelope.id(), failure.payload(),
				"Could not restore the stored item: " + failure.getMessage(), 0, at, at,
				new Receipt(envelope.channel(), envelope.context())), DeliveryMetrics.Reason.HANDLER_FAILED);
	}

	/**
	 * Runs {@code action} while no write is in progress.
	 * @param action what must not interrupt a write
	 */
	void betweenWrites(Runnable action) {
		this.writes.lock();
		try {
			action.run();
		}
		finally {
			this.writes.unlock();
		}
	}

	/**
	 * Decides, while no interrupt can land, whether a failed item is kept or written.
	 * @param keep answers {@code true} when the item is kept elsewhere instead
	 * @param item the item
	 * @param error the error to record if the item never failed
	 * @return what {@code keep} answered
	 */
	boolean writeUnlessKept(BooleanSupplier keep, PendingDelivery item, String error) {
		this.writes.lock();
		try {
			if (keep.getAsBoolean()) {
				return true;
			}
			write(item, error, DeliveryMetrics.Reason.HANDLER_FAILED);
			return false;
		}
		finally {
			this.writes.unlock();
		}
	}

	private void write(Channel channel, DeadLetter<Receipt> letter, DeliveryMetrics.Reason reason) {
		try {
			this.sink.accept(letter);
			this.metrics.deadLettered(channel, reason);
			if (logger.isDebugEnabled()) {
				// Ids and error only: payloads carry personal data.
				logger.debug("Dead-lettered " + channel.wireName() + " delivery " + SingleLine.escape(letter.id())
						+ " after " + letter.attempts() + " attempt(s): " + SingleLine.escape(letter.error()));
			}
		}
		catch (RuntimeException ex) {
			this.metrics.count(DeliveryMetrics.Counter.DEAD_LETTER_FAILURES, channel);
			// The log is the last place this item can be recovered from.
			// The JSON is one line already (CR, LF and ESC are escaped in JSON strings), and must
			// stay readable as JSON to be recovered.
			logger.error("Failed to write " + channel.wireName() + " delivery " + SingleLine.escape(letter.id())
					+ " to the dead-letter sink; the item follows so that it can be recovered: "
					+ DeadLetterJson.write(letter), ex);
		}
	}

}
