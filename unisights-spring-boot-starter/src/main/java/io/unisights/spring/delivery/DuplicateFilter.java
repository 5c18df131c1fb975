package io.unisights.spring.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.IngestDelivery;

/**
 * Decides which window an item's key goes to: a beacon by a digest of its session id and
 * content (the collector decrypts deterministically, so a replayed capture of an
 * encrypted beacon has the same content), a server event by its id, the sender's
 * idempotency key. Other channels are never suppressed. Public for its {@link Claim},
 * which the {@link DeliveryStore} SPI carries, and for {@link #guard}, which the endpoints'
 * auto-configurations apply to the dispatcher; the filter itself is auto-configured.
 */
public final class DuplicateFilter {

	private final @Nullable KeyWindow beacons;

	private final @Nullable KeyWindow ingestEvents;

	private final DeliveryMetrics metrics;

	/**
	 * Creates the filter.
	 * @param beacons window of beacon contents, {@code null} when beacon suppression is off
	 * @param ingestEvents window of server event ids, {@code null} when there is none
	 */
	DuplicateFilter(@Nullable KeyWindow beacons, @Nullable KeyWindow ingestEvents) {
		this(beacons, ingestEvents, new DeliveryMetrics(Clock.systemUTC()));
	}

	/**
	 * Creates the filter.
	 * @param beacons window of beacon contents, {@code null} when beacon suppression is off
	 * @param ingestEvents window of server event ids, {@code null} when there is none
	 * @param metrics where a dispatcher this filter {@linkplain #guard guards} counts
	 */
	DuplicateFilter(@Nullable KeyWindow beacons, @Nullable KeyWindow ingestEvents, DeliveryMetrics metrics) {
		this.beacons = beacons;
		this.ingestEvents = ingestEvents;
		this.metrics = metrics;
	}

	/**
	 * The dispatcher as the endpoints call it, so that duplicate suppression holds whatever
	 * dispatcher the application defines: the collector's own dispatchers suppress
	 * duplicates themselves and are answered as they are; any other is wrapped so that a
	 * duplicate is acknowledged without reaching it, and a key is forgotten again when it
	 * refuses the item.
	 * @param dispatcher the application's dispatcher
	 * @param filter the filter, {@code null} when there is none
	 * @return a dispatcher that suppresses duplicates
	 */
	public static EventDispatcher guard(EventDispatcher dispatcher, @Nullable DuplicateFilter filter) {
		return (filter == null || dispatcher instanceof ObservedEventDispatcher) ? dispatcher
				: new GuardedEventDispatcher(dispatcher, filter, filter.metrics);
	}

	/**
	 * Key of an item subject to duplicate suppression.
	 * @param delivery the item
	 * @return its key and window, or {@code null} if the item is never suppressed
	 */
	@Nullable Claim keyOf(Delivery delivery) {
		if (delivery instanceof BeaconDelivery beacon && this.beacons != null) {
			MessageDigest digest = sha256();
			digest.update(delivery.partitionKey().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			// The decoder's digest of the received JSON saves writing the payload out again;
			// a delivery rebuilt from its wire form has none and is digested from that form.
			String content = (beacon.contentDigest() != null) ? beacon.contentDigest()
					: delivery.wireData().toString();
			digest.update(content.getBytes(StandardCharsets.UTF_8));
			// First 128 bits of the digest: collisions are negligible at any feasible window.
			return new Claim("beacon:" + HexFormat.of().formatHex(digest.digest(), 0, 16), this.beacons);
		}
		if (delivery instanceof IngestDelivery && this.ingestEvents != null
				&& !this.ingestEvents.window().isZero()) {
			return new Claim("ingest-event:" + delivery.id(), this.ingestEvents);
		}
		return null;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/**
	 * An item's key in its window. A store that records keys with its items
	 * ({@link DeliveryStore#claimsKeys()}) commits {@link #key()} for
	 * {@link KeyWindow#window() window().window()} in the transaction that stores the item.
	 *
	 * @param key the key
	 * @param window the window that remembers it
	 */
	public record Claim(String key, KeyWindow window) {

		boolean claim() {
			return this.window.claim(this.key);
		}

		void release() {
			this.window.release(this.key);
		}

	}

}
