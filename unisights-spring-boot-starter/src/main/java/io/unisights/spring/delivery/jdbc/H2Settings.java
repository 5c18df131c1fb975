package io.unisights.spring.delivery.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryStoreUnavailableException;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Makes an H2 file database write each commit before the commit returns.
 * <p>
 * H2 writes commits to its file up to {@code WRITE_DELAY} milliseconds later (500 by
 * default), so a process killed in that time loses rows the collector answered 202 for.
 * The setting belongs to the open database, not to a connection: H2 starts every opening
 * of the file with its default, and every connection whose URL names
 * {@code WRITE_DELAY} sets it again for all. So the store refuses a URL that names
 * another delay, sets {@code WRITE_DELAY 0} itself otherwise, reads it back, and checks it
 * again every second while it runs (H2 closes a file database once its last connection
 * closes, and opens it again with the default).
 */
final class H2Settings {

	private static final Log logger = LogFactory.getLog(H2Settings.class);

	// H2 lists the setting twice once it was changed: as stored in the database and as in
	// effect (the second). Both must be 0.
	private static final String WRITE_DELAY = "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
			+ "WHERE SETTING_NAME = 'WRITE_DELAY'";

	private static final Pattern URL_WRITE_DELAY = Pattern.compile(";\\s*WRITE_DELAY\\s*=\\s*([^;]*)",
			Pattern.CASE_INSENSITIVE);

	private H2Settings() {
	}

	static boolean inMemory(String url) {
		return url.toLowerCase(Locale.ROOT).contains(":mem:");
	}

	/**
	 * Sets {@code WRITE_DELAY 0} unless in effect already, and reads it back.
	 * @throws DeliveryStoreUnavailableException if the URL asks for a delay, or the delay
	 * cannot be set
	 */
	static void makeDurable(JdbcOperations jdbc, String url) {
		String fromUrl = urlWriteDelay(url);
		if (fromUrl != null && !"0".equals(fromUrl)) {
			throw new DeliveryStoreUnavailableException("The delivery store's H2 database URL sets WRITE_DELAY="
					+ fromUrl + ": H2 then writes commits to its file up to " + fromUrl
					+ " ms after they return, so a killed process loses items it answered 202 for, and every "
					+ "connection the pool opens sets that delay again",
					"Remove WRITE_DELAY from spring.datasource.url (the store sets it to 0 itself) or write "
							+ ";WRITE_DELAY=0.",
					null);
		}
		List<String> before = writeDelay(jdbc);
		if (isZero(before)) {
			return;
		}
		set(jdbc);
		List<String> after = writeDelay(jdbc);
		if (!isZero(after)) {
			throw new DeliveryStoreUnavailableException("The delivery store set WRITE_DELAY 0 on its H2 database, "
					+ "which still reports " + after + ": commits would reach the file late",
					"Add ;WRITE_DELAY=0 to spring.datasource.url, or use PostgreSQL.", null);
		}
		logger.info("Set WRITE_DELAY 0 (was " + before.get(before.size() - 1)
				+ ") on the delivery store's H2 database, so that each commit is in its file before the "
				+ "collector answers");
	}

	/** Sets the delay to 0 again if H2 opened the database anew with its default. */
	static void keepDurable(JdbcOperations jdbc) {
		List<String> delay = writeDelay(jdbc);
		if (!isZero(delay)) {
			logger.warn("The delivery store's H2 database has WRITE_DELAY " + delay.get(delay.size() - 1)
					+ " again (H2 opened the file anew, or a connection's URL set it); setting it to 0");
			set(jdbc);
		}
	}

	private static void set(JdbcOperations jdbc) {
		try {
			jdbc.execute("SET WRITE_DELAY 0");
		}
		catch (DataAccessException ex) {
			throw new DeliveryStoreUnavailableException(
					"The delivery store could not set WRITE_DELAY 0 on its H2 database (" + ex.getMostSpecificCause()
						.getMessage() + "), so H2 would write commits to its file up to 500 ms after they return",
					"Connect as a user with admin rights on the H2 database, or add ;WRITE_DELAY=0 to "
							+ "spring.datasource.url.",
					ex);
		}
	}

	private static List<String> writeDelay(JdbcOperations jdbc) {
		return jdbc.queryForList(WRITE_DELAY, String.class);
	}

	private static boolean isZero(List<String> values) {
		return !values.isEmpty() && values.stream().allMatch((value) -> "0".equals(value.strip()));
	}

	static @Nullable String urlWriteDelay(String url) {
		Matcher matcher = URL_WRITE_DELAY.matcher(url);
		String value = null;
		while (matcher.find()) {
			// H2 applies the settings in order, so the last one counts.
			value = matcher.group(1).strip();
		}
		return value;
	}

}
