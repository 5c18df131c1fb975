package io.unisights.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Writes the request bodies of the load benchmark into a directory:
 * {@code plain-1.json}, {@code plain-100.json}, {@code encrypted-1.json},
 * {@code encrypted-100.json}.
 */
public final class WriteBodies {

	private WriteBodies() {
	}

	/**
	 * Writes the bodies.
	 * @param args the target directory
	 * @throws IOException when a file cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Path dir = Files.createDirectories(Path.of(args[0]));
		UUID session = UUID.randomUUID();
		for (int events : new int[] { 1, 100 }) {
			Files.write(dir.resolve("plain-" + events + ".json"), Beacons.plain(events, session));
			Files.write(dir.resolve("encrypted-" + events + ".json"), Beacons.encrypted(events, session));
		}
	}

}
