package io.unisights.deadletter;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jspecify.annotations.Nullable;

/**
 * A dead-letter file of JSON Lines: one item per line, each line forced to disk before
 * {@link #append} returns, the file created readable by its owner only (it holds payloads
 * and client addresses). The one implementation behind the events client's and the
 * collector's dead-letter files.
 * <p>
 * A replay first moves the items aside to {@code <file>.replaying}, so new dead letters
 * keep arriving meanwhile and a crash during replay loses nothing: the next replay reads
 * the items left there first, then the file's, each once. A line cut short by a crash is
 * closed before the next item is appended, so the item after it stays readable.
 * <p>
 * One instance per file and JVM ({@link #at}), so that writers and replays of one file
 * share its locks.
 */
public final class JsonLinesFile {

	private static final Logger logger = Logger.getLogger(JsonLinesFile.class.getName());

	private static final String REPLAYING_SUFFIX = ".replaying";

	private static final ConcurrentMap<Path, JsonLinesFile> files = new ConcurrentHashMap<>();

	private final Path path;

	private final Path replaying;

	private final Object writeLock = new Object();

	private final Object replayLock = new Object();

	private @Nullable FileChannel channel;

	private JsonLinesFile(Path path) {
		this.path = path;
		this.replaying = path.resolveSibling(path.getFileName() + REPLAYING_SUFFIX);
	}

	/**
	 * The file at a path, created with its folder on the first line.
	 * @param path the file
	 * @return the instance of this JVM for that file
	 */
	public static JsonLinesFile at(Path path) {
		return files.computeIfAbsent(path.toAbsolutePath().normalize(), JsonLinesFile::new);
	}

	/**
	 * The file lines are appended to.
	 * @return its absolute path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Appends a line and forces it to disk.
	 * @param line one JSON object, without a line break
	 * @throws UncheckedIOException if the line could not be written
	 */
	public void append(String line) {
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

	/**
	 * Size of the file, including a replay in progress.
	 * @return bytes on disk, 0 if there is no file
	 */
	public long size() {
		return sizeOf(this.path) + sizeOf(this.replaying);
	}

	/**
	 * The lines waiting in the file (not those taken out by a replay in progress).
	 * @return the non-blank lines, oldest first
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public List<String> lines() {
		synchronized (this.writeLock) {
			List<String> lines = new ArrayList<>();
			if (!Files.exists(this.path)) {
				return lines;
			}
			try (BufferedReader reader = Files.newBufferedReader(this.path, StandardCharsets.UTF_8)) {
				String line;
				while ((line = reader.readLine()) != null) {
					if (!line.isBlank()) {
						lines.add(line);
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to read dead letters from " + this.path, ex);
			}
			return lines;
		}
	}

	/**
	 * Takes every line out of the file and offers it to {@code redeliver}; what it hands
	 * back is appended again.
	 * @param redeliver given a line and its number in the replayed file, answers
	 * {@code null} once the item is delivered, or the line to keep (the same one for a
	 * line that cannot be read, an updated one for an item that failed again)
	 * @throws UncheckedIOException if the file cannot be read or written
	 */
	public void replay(LineReplay redeliver) {
		synchronized (this.replayLock) {
			try {
				takeForReplay();
				if (!Files.exists(this.replaying)) {
					return;
				}
				try (BufferedReader reader = Files.newBufferedReader(this.replaying, StandardCharsets.UTF_8)) {
					String line;
					int number = 0;
					while ((line = reader.readLine()) != null) {
						number++;
						if (line.isBlank()) {
							continue;
						}
						String keep = redeliver.replay(line, number);
						if (keep != null) {
							append(keep);
						}
					}
				}
				Files.delete(this.replaying);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to replay dead letters from " + this.path, ex);
			}
		}
	}

	/**
	 * One step of a {@link #replay}.
	 */
	@FunctionalInterface
	public interface LineReplay {

		/**
		 * Redelivers the item of a line.
		 * @param line the line
		 * @param number its number in the file being replayed, for messages
		 * @return {@code null} if delivered, or the line to keep
		 */
		@Nullable String replay(String line, int number);

	}

	/**
	 * Moves the file's lines to the {@code .replaying} file, behind those a crashed replay
	 * left there. Each line is then read exactly once by this replay, and what it keeps
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
			// A crash before this point leaves the lines in both files: replayed twice,
			// under the same id, rather than lost.
			Files.delete(this.path);
			syncDirectory(this.path.getParent());
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
			logger.log(Level.FINEST, "Could not sync directory " + directory, ex);
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
				logger.log(Level.FINE, "Failed to close " + this.path, ex);
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
