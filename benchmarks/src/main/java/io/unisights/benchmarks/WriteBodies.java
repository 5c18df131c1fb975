package io.unisights.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.unisights.tracking.TrackingCodec;
import io.unisights.tracking.TrackingLinks;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the inputs of the load benchmark into a directory: the beacon bodies
 * {@code plain-N.json} and {@code encrypted-N.json} for 1, 10, 100 and 1,000 events,
 * {@code plain-largest.json} (the most events under the default size limit, their count in
 * {@code largest-events.txt}) and {@code plain-too-large.json} (one more event), and the paths of an open pixel and a click redirect minted
 * with the sample app's demo key ({@code open-path.txt}, {@code click-path.txt}).
 */
public final class WriteBodies {

	private static final int DEFAULT_LIMIT = 1024 * 1024;

	private WriteBodies() {
	}

	/**
	 * Writes the bodies.
	 * @param args the target directory, and the tracking key the app under test verifies with
	 * @throws IOException when a file cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Path dir = Files.createDirectories(Path.of(args[0]));
		UUID session = UUID.randomUUID();
		for (int events : new int[] { 1, 10, 100, 1000 }) {
			Files.write(dir.resolve("plain-" + events + ".json"), Beacons.plain(events, session));
			Files.write(dir.resolve("encrypted-" + events + ".json"), Beacons.encrypted(events, session));
		}
		// The most events that fit in the default size limit (unisights.collect.max-payload-size, 1MB).
		int low = 1;
		int high = 20_000;
		while (low < high) {
			int mid = (low + high + 1) / 2;
			if (Beacons.plain(mid, session).length <= DEFAULT_LIMIT) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		Files.write(dir.resolve("plain-largest.json"), Beacons.plain(low, session));
		Files.writeString(dir.resolve("largest-events.txt"), Integer.toString(low));
		Files.write(dir.resolve("plain-too-large.json"), Beacons.plain(low + 1, session));
		TrackingCodec codec = TrackingCodec.builder().keys(List.of(args[1])).build();
		TrackingLinks links = TrackingLinks.builder(codec).baseUrl("http://127.0.0.1").build();
		ObjectNode metadata = JsonMapper.builder().build().createObjectNode().put("campaign", "load").put("recipient",
				"r-1");
		Files.writeString(dir.resolve("open-path.txt"), URI.create(links.openUrl(metadata)).getRawPath());
		Files.writeString(dir.resolve("click-path.txt"),
				URI.create(links.clickUrl("https://shop.example.com/p/1", metadata)).getRawPath());
	}

}
