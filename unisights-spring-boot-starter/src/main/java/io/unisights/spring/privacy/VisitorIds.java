package io.unisights.spring.privacy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Cookieless visitor ids, as Plausible makes them: HMAC-SHA256 under a random salt of
 * the day (UTC) of the site, the address and the user agent, each length-prefixed so no
 * two inputs run together. The salts come from a {@link VisitorSaltStore} once per day;
 * between, an id costs one HMAC over a clone of the day's prepared key.
 */
final class VisitorIds {

	private static final Log logger = LogFactory.getLog(VisitorIds.class);

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	/** 128 bits: collisions stay negligible at any traffic a site sees in a day. */
	private static final int ID_BYTES = 16;

	private static final byte[] ADDRESS_DOMAIN = "address".getBytes(StandardCharsets.US_ASCII);

	private final VisitorSaltStore store;

	private volatile @Nullable Keys keys;

	/** Until when (epoch second) a store that failed is left alone, so a database outage is not asked on every request. */
	private volatile long retryAfter;

	VisitorIds(VisitorSaltStore store) {
		this.store = store;
	}

	/**
	 * The ids of one visitor under the salts of the day a request arrived.
	 * @param site the site (a beacon's asset id, the host of a tracking link)
	 * @param address the raw client address
	 * @param userAgent the raw user agent
	 * @param receivedAt when the request arrived
	 * @return the ids, or {@code null} when the salts cannot be had (a store that is down
	 * must not lose the request: it is delivered without an id)
	 */
	@Nullable Ids ids(@Nullable String site, @Nullable String address, @Nullable String userAgent,
			Instant receivedAt) {
		Keys keys = keys(receivedAt);
		if (keys == null) {
			return null;
		}
		String current = id(keys.current(), site, address, userAgent);
		String previous = (keys.previous() != null) ? id(keys.previous(), site, address, userAgent) : null;
		return new Ids(current, previous);
	}

	/**
	 * An address hashed under the day's salt ({@code unisights.privacy.ip=hash}), in a
	 * domain of its own so it never equals a visitor id.
	 * @param address the raw client address
	 * @param receivedAt when the request arrived
	 * @return the hash, or {@code null} when there is no address or no salt
	 */
	@Nullable String hashAddress(@Nullable String address, Instant receivedAt) {
		Keys keys = keys(receivedAt);
		if (address == null || keys == null) {
			return null;
		}
		Mac mac = keys.current().mac();
		mac.update(ADDRESS_DOMAIN);
		update(mac, address);
		return encode(mac.doFinal());
	}

	private static String id(Key key, @Nullable String site, @Nullable String address, @Nullable String userAgent) {
		Mac mac = key.mac();
		update(mac, site);
		update(mac, address);
		update(mac, userAgent);
		return encode(mac.doFinal());
	}

	private static String encode(byte[] digest) {
		return BASE64URL.encodeToString(Arrays.copyOf(digest, ID_BYTES));
	}

	private static void update(Mac mac, @Nullable String value) {
		byte[] bytes = (value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0];
		int length = (value != null) ? bytes.length : -1;
		mac.update((byte) (length >>> 24));
		mac.update((byte) (length >>> 16));
		mac.update((byte) (length >>> 8));
		mac.update((byte) length);
		mac.update(bytes);
	}

	private @Nullable Keys keys(Instant receivedAt) {
		long epochDay = Math.floorDiv(receivedAt.getEpochSecond(), 86_400L);
		Keys keys = this.keys;
		if (keys != null && keys.epochDay() == epochDay) {
			return keys;
		}
		if (receivedAt.getEpochSecond() < this.retryAfter) {
			return null;
		}
		synchronized (this) {
			keys = this.keys;
			if (keys != null && keys.epochDay() == epochDay) {
				return keys;
			}
			try {
				VisitorSaltStore.DailySalts salts = this.store.salts(LocalDate.ofEpochDay(epochDay));
				keys = new Keys(epochDay, Key.of(salts.current()),
						(salts.previous() != null) ? Key.of(salts.previous()) : null);
			}
			catch (RuntimeException ex) {
				this.retryAfter = receivedAt.getEpochSecond() + 10;
				logger.warn("Cannot read the visitor salts of " + LocalDate.ofEpochDay(epochDay)
						+ "; requests get no visitor id until they can be read: " + ex);
				return null;
			}
			this.keys = keys;
			return keys;
		}
	}

	/**
	 * A visitor's ids.
	 * @param current under today's salt
	 * @param previous under yesterday's, if it still exists
	 */
	record Ids(String current, @Nullable String previous) {

	}

	private record Keys(long epochDay, Key current, @Nullable Key previous) {

	}

	/** A salt's prepared HMAC, cloned per use: cheaper than initialising a key each time. */
	private record Key(Mac prototype) {

		static Key of(byte[] salt) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(salt, "HmacSHA256"));
				return new Key(mac);
			}
			catch (NoSuchAlgorithmException | InvalidKeyException ex) {
				throw new IllegalStateException("HmacSHA256 is unavailable", ex);
			}
		}

		Mac mac() {
			try {
				return (Mac) this.prototype.clone();
			}
			catch (CloneNotSupportedException ex) {
				// Not reached with the JDK's provider, whose HMACs clone.
				throw new IllegalStateException("HmacSHA256 of " + this.prototype.getProvider() + " cannot be cloned",
						ex);
			}
		}

		@Override
		public String toString() {
			return "Key[salt hidden]";
		}

	}

}
