package io.unisights.spring.privacy;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The salts of one instance: random on each start, gone with the process. */
final class MemoryVisitorSaltStore implements VisitorSaltStore {

	static final int SALT_LENGTH = 32;

	private final SecureRandom random = new SecureRandom();

	private final TreeMap<LocalDate, byte[]> salts = new TreeMap<>();

	@Override
	public synchronized DailySalts salts(LocalDate day) {
		byte[] current = this.salts.computeIfAbsent(day, (ignored) -> random(this.random));
		LocalDate previousDay = day.minusDays(1);
		Iterator<Map.Entry<LocalDate, byte[]>> older = this.salts.headMap(previousDay).entrySet().iterator();
		while (older.hasNext()) {
			// Overwritten, not only forgotten: a heap dump must not give an old day's ids away.
			Arrays.fill(older.next().getValue(), (byte) 0);
			older.remove();
		}
		byte[] previous = this.salts.get(previousDay);
		return new DailySalts(day, current.clone(), (previous != null) ? previous.clone() : null);
	}

	static byte[] random(SecureRandom random) {
		byte[] salt = new byte[SALT_LENGTH];
		random.nextBytes(salt);
		return salt;
	}

}
