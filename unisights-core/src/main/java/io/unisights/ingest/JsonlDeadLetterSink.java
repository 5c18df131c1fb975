package io.unisights.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends dead letters to a JSON Lines file, one object per line:
 * {@code {"message_id":…,"failed_at":…,"attempts":…,"status":…,"error":…,"payload":{…}}}.
 * The file holds personal data in clear, so it is created readable by its owner only where
 * the file system supports POSIX permissions.
 */
final class JsonlDeadLetterSink implements DeadLetterSink {

	/** One lock per file, shared by every sink and replay in this JVM writing to it. */
	private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

	private final Path file;

	JsonlDeadLetterSink(Path file) {
		this.file = file;
	}

	@Override
	public void accept(DeadLetter letter) {
		byte[] line = encode(letter);
		synchronized (lockFor(this.file)) {
			createIfAbsent(this.file);
			try (OutputStream out = Files.newOutputStream(this.file, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND)) {
				out.write(line);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to append to dead-letter file " + this.file, ex);
			}
		}
	}

	@Override
	public String toString() {
		return "JsonlDeadLetterSink[" + this.file + "]";
	}

	static Object lockFor(Path file) {
		return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), (key) -> new Object());
	}

	static byte[] encode(DeadLetter letter) {
		ObjectNode json = EventJson.NODES.objectNode();
		json.put("message_id", letter.messageId());
		json.put("failed_at", letter.failedAt().toString());
		json.put("attempts", letter.attempts());
		json.put("status", letter.status());
		json.put("error", letter.error());
		json.set("payload", letter.payload());
		byte[] bytes = EventJson.MAPPER.writeValueAsBytes(json);
		byte[] line = new byte[bytes.length + 1];
		System.arraycopy(bytes, 0, line, 0, bytes.length);
		line[bytes.length] = '\n';
		return line;
	}

	static DeadLetter decode(String line) {
		JsonNode json = EventJson.MAPPER.readTree(line);
		JsonNode payload = json.get("payload");
		JsonNode messageId = json.get("message_id");
		if (payload == null || !payload.isObject() || messageId == null || !messageId.isString()) {
			throw new IllegalArgumentException("not a dead letter: message_id or payload is missing");
		}
		JsonNode failedAt = json.get("failed_at");
		return new DeadLetter(messageId.stringValue(), (ObjectNode) payload, json.path("attempts").asInt(0),
				json.path("status").asInt(0), json.path("error").asString(""),
				(failedAt != null && failedAt.isString()) ? Instant.parse(failedAt.stringValue()) : Instant.EPOCH);
	}

	static void rewrite(Path file, List<String> lines) {
		try {
			Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(),
					".tmp");
			StringBuilder content = new StringBuilder();
			for (String line : lines) {
				content.append(line).append('\n');
			}
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to rewrite dead-letter file " + file, ex);
		}
	}

	private static void createIfAbsent(Path file) {
		if (Files.exists(file)) {
			return;
		}
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				Files.createFile(file);
			}
		}
		catch (FileAlreadyExistsException ex) {
			// Created by another process in the meantime: append to it.
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to create dead-letter file " + file, ex);
		}
	}

}
