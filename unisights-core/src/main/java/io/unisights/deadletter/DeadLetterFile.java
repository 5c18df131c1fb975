package io.unisights.deadletter;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A dead-letter file: {@link DeadLetterLines} in a {@link JsonLinesFile}. The events
 * client's and the collector's dead-letter files are both one of these, so they share
 * their on-disk form, their durability and their crash-safe replay.
 *
 * @param <D> the sender's part of the {@link DeadLetter}
 */
public final class DeadLetterFile<D> implements DeadLetterSink<D> {

	private final JsonLinesFile file;

	private final DeadLetterLines<D> lines;

	private DeadLetterFile(JsonLinesFile file, DeadLetterLines<D> lines) {
		this.file = file;
		this.lines = lines;
	}

	/**
	 * The dead-letter file at a path, created with its folder on the first item.
	 * @param <D> the sender's part of the letters
	 * @param path the file
	 * @param lines how its lines are written and read
	 * @return the file
	 */
	public static <D> DeadLetterFile<D> at(Path path, DeadLetterLines<D> lines) {
		return new DeadLetterFile<>(JsonLinesFile.at(path), lines);
	}

	/**
	 * The file items are appended to.
	 * @return its absolute path
	 */
	public Path path() {
		return this.file.path();
	}

	/**
	 * Appends a letter and forces it to disk.
	 * @throws UncheckedIOException if the letter could not be written
	 */
	@Override
	public void accept(DeadLetter<D> letter) {
		this.file.append(this.lines.write(letter));
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
	public List<DeadLetter<D>> read() {
		List<DeadLetter<D>> letters = new ArrayList<>();
		this.file.lines().forEach((line) -> letters.add(this.lines.read(line)));
		return letters;
	}

	/**
	 * Takes every item out of the file and offers it to {@code redeliver}; what it hands
	 * back, and lines that cannot be read, are appended again, the latter unchanged for a
	 * person to repair (see {@link JsonLinesFile} for how a crash during replay loses
	 * nothing).
	 * @param redeliver delivers an item and answers {@code null}, or answers the item as
	 * it should be kept
	 * @param unreadable told the number of each line that cannot be read and why, to log it
	 * @return how many items were delivered, kept, and kept unread
	 * @throws UncheckedIOException if the file cannot be read or written
	 */
	public Replayed replay(Function<DeadLetter<D>, @Nullable DeadLetter<D>> redeliver, UnreadableLine unreadable) {
		int[] counts = new int[3];
		this.file.replay((line, number) -> {
			DeadLetter<D> letter;
			try {
				letter = this.lines.read(line);
			}
			catch (IllegalArgumentException ex) {
				unreadable.kept(number, ex.getMessage());
				counts[2]++;
				return line;
			}
			DeadLetter<D> keep = redeliver.apply(letter);
			if (keep == null) {
				counts[0]++;
				return null;
			}
			counts[1]++;
			return this.lines.write(keep);
		});
		return new Replayed(counts[0], counts[1], counts[2]);
	}

	@Override
	public String toString() {
		return "DeadLetterFile[" + this.file.path() + "]";
	}

	/**
	 * Told about a line a replay keeps because it cannot be read.
	 */
	@FunctionalInterface
	public interface UnreadableLine {

		/**
		 * A line is kept unread.
		 * @param number its number in the {@code .replaying} file
		 * @param problem the field at fault
		 */
		void kept(int number, String problem);

	}

	/**
	 * What a replay did.
	 *
	 * @param delivered items delivered and removed from the file
	 * @param failedAgain items that failed again and were kept, updated
	 * @param unreadable lines kept as they were because they cannot be read
	 */
	public record Replayed(int delivered, int failedAgain, int unreadable) {

	}

}
