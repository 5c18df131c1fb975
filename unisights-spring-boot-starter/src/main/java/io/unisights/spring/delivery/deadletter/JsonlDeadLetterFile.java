package io.unisights.spring.delivery.deadletter;

import java.nio.file.Path;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterFile;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.delivery.Receipt;
import io.unisights.spring.delivery.ReplayResult;
import io.unisights.wire.SingleLine;

/**
 * The collector's default {@link DeadLetterSink} (declare a {@code DeadLetterSink<Receipt>}
 * bean to send dead letters elsewhere): a JSON Lines file, one item per line, each line
 * forced to disk before {@link #accept} returns. The file is created readable by its
 * owner only, since it holds payloads and client addresses. It is core's
 * {@link DeadLetterFile}, the one the events client writes as well, in the same form.
 * <p>
 * A line reads:
 * <pre>{@code
 * {"id":"…","channel":"beacon","payload":{…wire form…},
 *  "context":{"client_ip":"…","user_agent":"…","origin":"…","received_at":"…"},
 *  "error":"java.io.IOException: store down","attempts":3,
 *  "first_attempt_at":"2025-01-01T00:00:00Z","last_attempt_at":"2025-01-01T00:00:01Z"}
 * }</pre>
 */
@SuppressWarnings("deprecation")
public final class JsonlDeadLetterFile extends io.unisights.spring.delivery.JsonlDeadLetterFile
		implements ReplayableDeadLetterSink {

	private static final Log logger = LogFactory.getLog(JsonlDeadLetterFile.class);

	/**
	 * Creates a sink that appends to the given file, creating it and its folder on the
	 * first item.
	 * @param path the file
	 */
	public JsonlDeadLetterFile(Path path) {
		super(path);
	}

	/**
	 * Takes every item out of the file and offers it to {@code redeliver}; what it hands
	 * back, and lines that cannot be read, are appended again.
	 * @param redeliver delivers an item and answers {@code null}, or answers the item as
	 * it should be kept
	 * @return how many items were delivered and how many were kept
	 * @throws java.io.UncheckedIOException if the file cannot be read or written; items
	 * not yet replayed are then left in a {@code .replaying} file that the next replay reads
	 */
	@Override
	public ReplayResult replay(Function<DeadLetter<Receipt>, @Nullable DeadLetter<Receipt>> redeliver) {
		// Kept as it is, for a person to repair; the log names the line and the field at fault.
		DeadLetterFile.Replayed replayed = file().replay(redeliver, (number, problem) -> logger.warn(
				"Keeping dead-letter line " + number + " of " + path() + ".replaying that cannot be read: " + SingleLine.escape(problem)));
		return new ReplayResult(replayed.delivered(), replayed.failedAgain() + replayed.unreadable(),
				replayed.unreadable());
	}

	/**
	 * The file's absolute path.
	 * @return the path as text
	 */
	@Override
	public String location() {
		return path().toString();
	}

	/**
	 * Describes the file.
	 * @return its path, size in bytes and number of items
	 */
	@Override
	public DeadLetterEndpoint.Summary summary() {
		return new DeadLetterEndpoint.Summary(path().toString(), size(), count());
	}

}
