package io.unisights.spring.privacy;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The salts in table {@code unisights_visitor_salt} of the jdbc delivery store's
 * database. The first instance to need a day's salt inserts it; every other reads that
 * row, so all compute the same visitor ids. Asked once per instance and day.
 */
final class JdbcVisitorSaltStore implements VisitorSaltStore {

	private final JdbcTemplate jdbc;

	private final SecureRandom random = new SecureRandom();

	JdbcVisitorSaltStore(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	@Override
	public DailySalts salts(LocalDate day) {
		String today = day.toString();
		String yesterday = day.minusDays(1).toString();
		if (read(today) == null) {
			try {
				this.jdbc.update("INSERT INTO unisights_visitor_salt (salt_day, salt) VALUES (?, ?)", today,
						MemoryVisitorSaltStore.random(this.random));
			}
			catch (DataIntegrityViolationException ex) {
				// Another instance inserted the day's salt first: its row is the one to use.
			}
		}
		byte[] current = read(today);
		if (current == null) {
			throw new IllegalStateException("No visitor salt for " + today + " in unisights_visitor_salt");
		}
		this.jdbc.update("DELETE FROM unisights_visitor_salt WHERE salt_day < ?", yesterday);
		return new DailySalts(day, current, read(yesterday));
	}

	private byte @Nullable [] read(String day) {
		List<byte[]> rows = this.jdbc.query("SELECT salt FROM unisights_visitor_salt WHERE salt_day = ?",
				(row, index) -> row.getBytes(1), day);
		return rows.isEmpty() ? null : rows.get(0);
	}

}
