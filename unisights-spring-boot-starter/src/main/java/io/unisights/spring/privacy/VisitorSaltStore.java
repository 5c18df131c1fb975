package io.unisights.spring.privacy;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the random daily salts that visitor ids are computed under. Every replica that
 * shares a store computes the same id for the same visitor on the same day. The
 * collector keeps them in memory, or in the jdbc delivery store's database when that
 * store is used; declare a bean of this type to keep them elsewhere.
 * <p>
 * A salt is a secret: whoever holds it can test guesses of an address and user agent
 * against an id. Implementations never log salts and destroy them after their second day.
 */
public interface VisitorSaltStore {

	/**
	 * The salts of a day and of the day before, creating the day's salt (32 random bytes)
	 * if it does not exist yet and destroying every older one.
	 * @param day the day (UTC)
	 * @return the salts
	 */
	DailySalts salts(LocalDate day);

	/**
	 * The salts visitor ids of one day are computed under.
	 *
	 * @param day the day (UTC)
	 * @param current the day's salt
	 * @param previous the previous day's salt, if it still exists
	 */
	record DailySalts(LocalDate day, byte[] current, byte @Nullable [] previous) {

	}

}
