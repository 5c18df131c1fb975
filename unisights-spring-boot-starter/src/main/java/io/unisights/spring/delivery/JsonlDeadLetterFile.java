package io.unisights.spring.delivery;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import io.unisights.deadletter.DeadLetter;
import io.unisights.deadletter.DeadLetterFile;
import io.unisights.deadletter.DeadLetterSink;

/**
 * The collector's dead-letter file under its former name.
 * @deprecated since 0.2.0 in favour of
 * {@link io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile}, which extends this
 * type so that code naming this one keeps working until it is removed
 */
@Deprecated(since = "0.2.0")
public class JsonlDeadLetterFile implements DeadLetterSink<Receipt> {

	private final DeadLetterFile<Receipt> file;

	/**
	 * Creates a sink that appends to the given file, creating it and its folder on the
	 * first item.
	 * @param path the file
	 */
	public JsonlDeadLetterFile(Path path) {
		this.file = DeadLetterFile.at(path, Receipt.deadLetterLines());
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
		this.file.accept(letter);
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
		return this.file.count();
	}

	/**
	 * Reads every item in the file (not those taken out by a replay in progress).
	 * @return the items, oldest first
	 * @throws UncheckedIOException if the file cannot be read
	 * @throws IllegalArgumentException if a line is not a dead letter
	 */
	public List<DeadLetter<Receipt>> read() {
		return this.file.read();
	}

	/**
	 * The file under this sink.
	 * @return the file
	 */
	protected final DeadLetterFile<Receipt> file() {
		return this.file;
	}

}
