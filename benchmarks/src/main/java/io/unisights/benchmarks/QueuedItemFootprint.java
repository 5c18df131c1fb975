package io.unisights.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.DecodedBeacon;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.RequestContext;

/**
 * Measures the heap a decoded beacon holds: the {@link BeaconDelivery} the endpoint builds
 * (decoded payload, request context, digest) and handlers receive, built from distinct
 * bodies as the endpoint builds it, thousands at a time, measured as the growth of the heap
 * after full collections. (The in-memory delivery store queues an item's encoded JSON
 * instead, whose size is about the body's.)
 * <p>
 * Usage: {@code QueuedItemFootprint [items=5000]}; prints one line per beacon size.
 */
public final class QueuedItemFootprint {

	private QueuedItemFootprint() {
	}

	/**
	 * Runs the measurement.
	 * @param args the number of items held per size
	 */
	public static void main(String[] args) {
		int items = (args.length > 0) ? Integer.parseInt(args[0]) : 5000;
		BeaconDecoder decoder = BeaconDecoder.builder().build();
		System.out.printf("%-8s %12s %14s %14s %8s%n", "events", "body bytes", "plain, B/item", "encrypted, B/item",
				"ratio");
		for (int events : new int[] { 1, 10, 100, 1000 }) {
			int count = (events >= 1000) ? Math.max(1, items / 10) : items;
			long plainBody = Beacons.plain(events, UUID.randomUUID()).length;
			long plain = footprint(decoder, events, count, false);
			long encrypted = footprint(decoder, events, count, true);
			System.out.printf("%-8d %12d %14d %17d %8.2f%n", events, plainBody, plain, encrypted,
					plain / (double) plainBody);
		}
	}

	private static long footprint(BeaconDecoder decoder, int events, int count, boolean encrypted) {
		// Distinct sessions, so that nothing is shared between items but what the decoder shares.
		List<byte[]> bodies = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			UUID session = UUID.randomUUID();
			bodies.add(encrypted ? Beacons.encrypted(events, session) : Beacons.plain(events, session));
		}
		List<BeaconDelivery> held = new ArrayList<>(count);
		long before = usedAfterGc();
		for (byte[] body : bodies) {
			DecodedBeacon decoded = decoder.decode(body);
			held.add(new BeaconDelivery(UUID.randomUUID().toString(), decoded.payload(),
					new RequestContext("203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0",
							"https://shop.example.com", Instant.now()),
					decoded.contentDigest()));
		}
		long after = usedAfterGc();
		// Both lists stay reachable up to here, so the difference is the items alone.
		if (held.size() != count || bodies.size() != count) {
			throw new IllegalStateException("lost items");
		}
		return (after - before) / count;
	}

	private static long usedAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
