package io.unisights.spring.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link DeadLetterSink}: a JSON Lines file, one item per line, each line
 * forced to disk before {@link #accept} returns. The file is created readable by its
 * owner only, since it holds payloads and client addresses.
 * <p>
 * A line reads:
 * <pre>{@code
 * {"id":"…","channel":"beacon","payload":{…wire form…},
 *  "context":{"client_ip":"…","user_agent":"…","origin":"…","received_at":"…"},
 *  "error":"java.io.IOException: store down","attempts":3,
 *  "first_attempt_at":"2025-01-01T00:00:00Z","last_attempt_at":"2025-01-01T00:00:01Z"}
 * }</pre>
 */
public final class JsonlDeadLetterFile implements DeadLetterSink {

	private static final Log logger = LogFactory.getLog(JsonlDeadLetterFile.class);

	private static final String REPLAYING_SUFFIX = ".replaying";

	private final Path path;

	private final Path replaying;

	private final Object writeLock = new Object();

	private final Object replayLock = new Object();

	private @Nullable FileChannel channel;

	/**
	 * Creates a sink that appends to the given file, creating it and its folder on the
	 * first item.
	 * @param path the file
	 */
	public JsonlDeadLetterFile(Path path) {
		this.path = path.toAbsolutePath();
		this.replaying = this.path.resolveSibling(this.path.getFileName() + REPLAYING_SUFFIX);
	}

	/**
	 * The file items are appended to.
	 * @return its absolute path
	 */
	public Path path() {
		return this.path;
	}

	@Override
	public void accept(DeadLetter letter) {
		appendLine(DeadLetterJson.write(letter));
	}

	/**
	 * Size of the file, including a replay in progress.
	 * @return bytes on disk, 0 if there is no file
	 */
	public long size() {
		return sizeOf(this.path) + sizeOf(this.replaying);
	}

	/**
	 * Counts the items waiting in the file (not those taken out by a replay in progress).
	 * @return the number of lines
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public long count() {
		synchronized (this.writeLock) {
			if (!Files.exists(this.path)) {
				return 0;
			}
			try (BufferedReader reader = Files.newBufferedReader(this.path, StandardCharsets.UTF_8)) {
				return reader.lines().filter((line) -> !line.isBlank()).count();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to read dead letters from " + this.path, ex);
			}
		}
	}

	/**
	 * Reads every item in the file (not those taken out by a replay in progress).
	 * @return the items, oldest first
	 * @throws UncheckedIOException if the file cannot be read
	 * @throws IllegalArgumentException if a line is not a dead letter
	 */
	public List<DeadLetter> read() {
		synchronized (this.writeLock) {
			List<DeadLetter> letters = new ArrayList<>();
			if (!Files.exists(this.path)) {
				return letters;
			}
			try (BufferedReader reader = Files.newBufferedReader(this.path, StandardCharsets.UTF_8)) {
				String line;
				while ((line = reader.readLine()) != null) {
					if (!line.isBlank()) {
						letters.add(DeadLetterJson.read(line));
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to read dead letters from " + this.path, ex);
			}
			return letters;
		}
	}

	/**
	 * Takes every item out of the file and offers it to {@code redeliver}; what it hands
	 * back, and lines that cannot be read, are appended again. Items are moved aside to a
	 * {@code .replaying} file first, so new dead letters keep arriving meanwhile and a
	 * crash during replay loses nothing: the next replay starts with the items left in
	 * that file, followed by those of the file itself.
	 * @param redeliver delivers an item and answers {@code null}, or answers the item as
	 * it should be kept
	 * @return how many items were delivered and how many were kept
	 */
	ReplayResult replay(Function<DeadLetter, @Nullable DeadLetter> redeliver) {
		synchronized (this.replayLock) {
			int delivered = 0;
			int kept = 0;
			int unreadable = 0;
			try {
				takeForReplay();
				if (!Files.exists(this.replaying)) {
					return new ReplayResult(0, 0, 0);
				}
				try (BufferedReader reader = Files.newBufferedReader(this.replaying, StandardCharsets.UTF_8)) {
					String line;
					int number = 0;
					while ((line = reader.readLine()) != null) {
						number++;
						if (line.isBlank()) {
							continue;
						}
						DeadLetter letter;
						try {
							letter = DeadLetterJson.read(line);
						}
						catch (IllegalArgumentException ex) {
							// Kept as it is, for a person to repair; the log names the line
							// and the field at fault.
							logger.warn("Keeping dead-letter line " + number + " of " + this.replaying
									+ " that cannot be read: " + ex.getMessage());
							appendLine(line);
							unreadable++;
							continue;
						}
						DeadLetter keep = redeliver.apply(letter);
						if (keep == null) {
							delivered++;
						}
						else {
							accept(keep);
							kept++;
						}
					}
				}
				Files.delete(this.replaying);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to replay dead letters from " + this.path, ex);
			}
			return new ReplayResult(delivered, kept + unreadable, unreadable);
		}
	}

	/**
	 * Moves the file's items to the {@code .replaying} file, behind those a crashed replay
	 * left there. Each item is then read exactly once by this replay, and what it keeps
	 * goes to a new file.
	 */
	private void takeForReplay() throws IOException {
		synchronized (this.writeLock) {
			closeChannel();
			if (!Files.exists(this.path)) {
				return;
			}
			if (!Files.exists(this.replaying)) {
				Files.move(this.path, this.replaying, StandardCopyOption.ATOMIC_MOVE);
				syncDirectory(this.path.getParent());
				return;
			}
			try (FileChannel target = FileChannel.open(this.replaying, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND); FileChannel source = FileChannel.open(this.path, StandardOpenOption.READ)) {
				terminateLastLine(this.replaying, target);
				long position = 0;
				long size = source.size();
				while (position < size) {
					position += source.transferTo(position, size - position, target);
				}
				target.force(true);
			}
			// A crash before this point leaves the items in both files: replayed twice,
			// under the same delivery id, rather than lost.
			Files.delete(this.path);
			syncDirectory(this.path.getParent());
		}
	}

	private void appendLine(String line) {
		ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
		synchronized (this.writeLock) {
			try {
				FileChannel channel = channel();
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			catch (IOException ex) {
				closeChannel();
				throw new UncheckedIOException("Failed to write dead letter to " + this.path, ex);
			}
		}
	}

	private FileChannel channel() throws IOException {
		FileChannel channel = this.channel;
		if (channel == null || !channel.isOpen()) {
			Path parent = this.path.getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			boolean created = create();
			channel = FileChannel.open(this.path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
			if (created) {
				syncDirectory(parent);
			}
			else {
				terminateLastLine(this.path, channel);
			}
			this.channel = channel;
		}
		return channel;
	}

	private boolean create() throws IOException {
		try {
			if (this.path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(this.path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				Files.createFile(this.path);
			}
			return true;
		}
		catch (FileAlreadyExistsException ex) {
			return false;
		}
	}

	/**
	 * Ends a line that a crash cut short, so that the next item starts a line of its own
	 * instead of turning into part of an unreadable one.
	 */
	private static void terminateLastLine(Path file, FileChannel appending) throws IOException {
		ByteBuffer last = ByteBuffer.allocate(1);
		try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = reader.size();
			if (size == 0 || reader.read(last, size - 1) != 1 || last.get(0) == '\n') {
				return;
			}
		}
		ByteBuffer newline = ByteBuffer.wrap(new byte[] { '\n' });
		while (newline.hasRemaining()) {
			appending.write(newline);
		}
	}

	private static void syncDirectory(@Nullable Path directory) {
		if (directory == null) {
			return;
		}
		// Makes the new file's directory entry durable too; not every platform can open a
		// directory, and the file's own content is forced on every write regardless.
		try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException | RuntimeException ex) {
			logger.trace("Could not sync directory " + directory, ex);
		}
	}

	private void closeChannel() {
		FileChannel channel = this.channel;
		this.channel = null;
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				logger.debug("Failed to close " + this.path, ex);
			}
		}
	}

	private static long sizeOf(Path path) {
		try {
			return Files.exists(path) ? Files.size(path) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
