package io.unisights.spring.delivery;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.deadletter.JsonLinesFile;
import io.unisights.wire.SingleLine;

/**
 * The collector's default {@link DeadLetterSink} (declare a {@code DeadLetterSink<Receipt>}
 * bean to send dead letters elsewhere): a JSON Lines file, one item per line, each line
 * forced to disk before {@link #accept} returns. The file is created readable by its
 * owner only, since it holds payloads and client addresses. The file itself is core's
 * {@link JsonLinesFile}, the one the events client writes as well.
 * <p>
 * A line reads:
 * <pre>{@code
 * {"id":"…","channel":"beacon","payload":{…wire form…},
 *  "context":{"client_ip":"…","user_agent":"…","origin":"…","received_at":"…"},
 *  "error":"java.io.IOException: store down","attempts":3,
 *  "first_attempt_at":"2025-01-01T00:00:00Z","last_attempt_at":"2025-01-01T00:00:01Z"}
 * }</pre>
 */
public final class JsonlDeadLetterFile implements DeadLetterSink<Receipt> {

	private static final Log logger = LogFactory.getLog(JsonlDeadLetterFile.class);

	private final JsonLinesFile file;

	/**
	 * Creates a sink that appends to the given file, creating it and its folder on the
	 * first item.
	 * @param path the file
	 */
	public JsonlDeadLetterFile(Path path) {
		this.file = JsonLinesFile.at(path);
	}

	/**
	 * The file items are appended to.
	 * @return its absolute path
	 */
	public Path path() {
		return this.file.path();
	}

	@Override
	public void accept(DeadLetter<Receipt> letter) {
		this.file.append(DeadLetterJson.write(letter));
	}

	/**
	 * Size of the file, including a replay in progress.
	 * @return bytes on disk, 0 if there is no file
	 */
	public long size() {
		return this.file.size();
	}

	/**
	 * Counts the items waiting in the file (not those taken out by a replay in progress).
	 * @return the number of lines
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public long count() {
		return this.file.lines().size();
	}

	/**
	 * Reads every item in the file (not those taken out by a replay in progress).
	 * @return the items, oldest first
	 * @throws UncheckedIOException if the file cannot be read
	 * @throws IllegalArgumentException if a line is not a dead letter
	 */
	public List<DeadLetter<Receipt>> read() {
		List<DeadLetter<Receipt>> letters = new ArrayList<>();
		this.file.lines().forEach((line) -> letters.add(DeadLetterJson.read(line)));
		return letters;
	}

	/**
	 * Takes every item out of the file and offers it to {@code redeliver}; what it hands
	 * back, and lines that cannot be read, are appended again (see {@link JsonLinesFile}
	 * for how a crash during replay loses nothing).
	 * @param redeliver delivers an item and answers {@code null}, or answers the item as
	 * it should be kept
	 * @return how many items were delivered and how many were kept
	 */
	ReplayResult replay(Function<DeadLetter<Receipt>, @Nullable DeadLetter<Receipt>> redeliver) {
		int[] counts = new int[3];
		this.file.replay((line, number) -> {
			DeadLetter<Receipt> letter;
			try {
				letter = DeadLetterJson.read(line);
			}
			catch (IllegalArgumentException ex) {
				// Kept as it is, for a person to repair; the log names the line and the
				// field at fault.
				logger.warn("Keeping dead-letter line " + number + " of " + this.file.path()
						+ ".replaying that cannot be read: " + SingleLine.escape(ex.getMessage()));
				counts[2]++;
				return line;
			}
			DeadLetter<Receipt> keep = redeliver.apply(letter);
			if (keep == null) {
				counts[0]++;
				return null;
			}
			counts[1]++;
			return DeadLetterJson.write(keep);
		});
		return new ReplayResult(counts[0], counts[1] + counts[2], counts[2]);
	}

}
