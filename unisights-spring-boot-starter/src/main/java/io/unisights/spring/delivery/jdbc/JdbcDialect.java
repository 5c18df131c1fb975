package io.unisights.spring.delivery.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryStoreUnavailableException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * What differs between the databases the store runs on: the claim query, the form of a
 * key claim, the schema script, what a database needs before its commits can be trusted,
 * and whether a group commit is one statement of its own ({@link PostgresqlCommitStatement}).
 * Everything else is one SQL for all, in {@link JdbcDeliveryRepository}.
 */
enum JdbcDialect {

	/** H2 2.x, in a file, over TCP, or in memory (tests). */
	// H2 locks every row matching the condition before it sorts and applies the limit:
	// with 2,000 queued 14 KB rows one claim took 210 ms and wrote 87 MB (each lock
	// rewrites its row). Choosing the candidates in index order first, without a lock,
	// and locking only those (the outer sort then orders no more than the batch) keeps
	// a claim at a few milliseconds whatever the backlog.
	H2("H2", "schema-h2.sql", true, "SELECT seq, id, channel, item FROM " + JdbcDeliveryRepository.TABLE
			+ " WHERE seq IN (SELECT seq FROM " + JdbcDeliveryRepository.TABLE
			+ " WHERE lease_until < ? ORDER BY lease_until, seq FETCH FIRST %d ROWS ONLY)"
			+ " AND lease_until < ? ORDER BY seq FOR UPDATE SKIP LOCKED") {

		// Drop an expired entry, then insert unless present. An embedded database has one
		// committer, so nothing races between the two.
		private static final String DROP_EXPIRED_KEY = "DELETE FROM " + JdbcDeliveryRepository.WINDOW_TABLE
				+ " WHERE window_key = ? AND expires_at <= ?";

		private static final String CLAIM_KEY = "INSERT INTO " + JdbcDeliveryRepository.WINDOW_TABLE
				+ " (window_key, expires_at) SELECT CAST(? AS VARCHAR(300)), CAST(? AS BIGINT) WHERE NOT EXISTS "
				+ "(SELECT 1 FROM " + JdbcDeliveryRepository.WINDOW_TABLE + " WHERE window_key = ?)";

		@Override
		Object[] selectFreeArguments(long now) {
			return new Object[] { now, now };
		}

		@Override
		int[] claimKeys(JdbcOperations jdbc, List<KeyClaim> claims, long now) {
			jdbc.batchUpdate(DROP_EXPIRED_KEY, claims, claims.size(), (statement, claim) -> {
				statement.setString(1, claim.key());
				statement.setLong(2, now);
			});
			return jdbc.batchUpdate(CLAIM_KEY, setter(claims, (statement, claim) -> {
				statement.setString(1, claim.key());
				statement.setLong(2, claim.expiresAt());
				statement.setString(3, claim.key());
			}));
		}

		@Override
		void prepare(JdbcOperations jdbc, String url) {
			if (!H2Settings.inMemory(url)) {
				H2Settings.makeDurable(jdbc, url);
			}
		}

		@Override
		boolean rechecks(String url) {
			return !H2Settings.inMemory(url);
		}

		@Override
		void recheck(JdbcOperations jdbc, String url) {
			H2Settings.keepDurable(jdbc);
		}

		@Override
		boolean inMemory(String url) {
			return H2Settings.inMemory(url);
		}

	},

	/** PostgreSQL 12 and later. */
	// PostgreSQL locks rows as the limit takes them, so the oldest free rows are locked and
	// nothing else.
	POSTGRESQL("PostgreSQL", "schema-postgresql.sql", false, "SELECT seq, id, channel, item FROM "
			+ JdbcDeliveryRepository.TABLE + " WHERE lease_until < ? ORDER BY seq FETCH FIRST %d ROWS ONLY FOR UPDATE SKIP LOCKED") {

		// One statement, no error on a conflict, so a batch never aborts. A key whose entry
		// expired is taken over by updating its expiry.
		private static final String CLAIM_KEY = "INSERT INTO " + JdbcDeliveryRepository.WINDOW_TABLE
				+ " (window_key, expires_at) VALUES (?, ?) ON CONFLICT (window_key) DO UPDATE SET expires_at = "
				+ "EXCLUDED.expires_at WHERE " + JdbcDeliveryRepository.WINDOW_TABLE + ".expires_at <= ?";

		// pglz, the default, compresses an item that needs TOAST (beyond about 2 KB):
		// inserting and deleting a 14 KB beacon took 176 to 219 us of the server's CPU with
		// it and 101 to 153 us with lz4 (committed in groups of 8). lz4 is offered from
		// PostgreSQL 14 on, where the server was built with it.
		private static final String LZ4_OFFERED = "SELECT COUNT(*) FROM pg_settings WHERE name = "
				+ "'default_toast_compression' AND 'lz4' = ANY(enumvals)";

		@Override
		Object[] selectFreeArguments(long now) {
			return new Object[] { now };
		}

		@Override
		@Nullable PostgresqlCommitStatement commitStatement(JdbcOperations jdbc, int queryTimeoutSeconds) {
			Integer offered = jdbc.queryForObject(LZ4_OFFERED, Integer.class);
			return new PostgresqlCommitStatement(offered != null && offered > 0, queryTimeoutSeconds);
		}

		@Override
		int[] claimKeys(JdbcOperations jdbc, List<KeyClaim> claims, long now) {
			return jdbc.batchUpdate(CLAIM_KEY, setter(claims, (statement, claim) -> {
				statement.setString(1, claim.key());
				statement.setLong(2, claim.expiresAt());
				statement.setLong(3, now);
			}));
		}

	};

	/**
	 * Size of an item from which a database may compress it: PostgreSQL compresses a row
	 * past about 2 KB (TOAST_TUPLE_THRESHOLD, 2,032 bytes with its 8 KB pages), and the
	 * other columns take less than 132 bytes of that.
	 */
	static final int COMPRESSED_FROM = 1_900;

	private final String productName;

	private final String schemaScript;

	private final boolean embedded;

	/** The claim query, with {@code %d} for the most rows. */
	private final String selectFree;

	JdbcDialect(String productName, String schemaScript, boolean embedded, String selectFree) {
		this.productName = productName;
		this.schemaScript = schemaScript;
		this.embedded = embedded;
		this.selectFree = selectFree;
	}

	/**
	 * The dialect of a database.
	 * @param productName the product name its JDBC driver reports
	 * @return the dialect
	 * @throws DeliveryStoreUnavailableException for a database the store has no SQL for
	 */
	static JdbcDialect of(String productName) {
		for (JdbcDialect dialect : values()) {
			if (dialect.productName.equalsIgnoreCase(productName)) {
				return dialect;
			}
		}
		throw new DeliveryStoreUnavailableException(
				"unisights.delivery.store=jdbc runs on H2 and PostgreSQL, and the DataSource is " + productName,
				"Point spring.datasource.url at an H2 or PostgreSQL database, or set unisights.delivery.store=memory.",
				null);
	}

	/**
	 * Whether the database runs inside the JVM, where
	 * {@code initialize-schema=embedded} creates the tables.
	 * @return {@code true} for H2 (a file too: it is this process's)
	 */
	boolean embedded() {
		return this.embedded;
	}

	/**
	 * The script that creates the store's tables ({@code CREATE … IF NOT EXISTS}).
	 * @return the script in the jar
	 */
	Resource schema() {
		return schema(JdbcDialect.class);
	}

	/**
	 * The script of this database in the package of a class, named as the store's own.
	 * @param location a class in the package that holds the script
	 * @return the script
	 */
	Resource schema(Class<?> location) {
		return new ClassPathResource(this.schemaScript, location);
	}

	/**
	 * The query that locks the oldest free rows, skipping rows other transactions hold.
	 * @param limit most rows
	 * @return the SQL, returning seq, id, channel and item
	 */
	String selectFree(int limit) {
		return this.selectFree.formatted(limit);
	}

	/**
	 * Arguments of {@link #selectFree(int)}.
	 * @param now current time in epoch millis; rows whose lease ended before it are free
	 * @return the arguments
	 */
	abstract Object[] selectFreeArguments(long now);

	/**
	 * Records keys unless recorded and unexpired, within the caller's transaction.
	 * @param jdbc where to run the statements
	 * @param claims the keys and their expiry
	 * @param now current time in epoch millis
	 * @return per key, the update count: {@code 0} for a key already recorded
	 */
	abstract int[] claimKeys(JdbcOperations jdbc, List<KeyClaim> claims, long now);

	/**
	 * Makes the database keep what it commits, or refuses it, once when the store opens.
	 * @param jdbc the database
	 * @param url its JDBC URL as configured
	 * @throws DeliveryStoreUnavailableException if the database would lose commits
	 */
	void prepare(JdbcOperations jdbc, String url) {
	}

	/**
	 * Whether {@link #recheck} has anything to check on this database.
	 * @param url its JDBC URL as configured
	 * @return {@code true} for an H2 file
	 */
	boolean rechecks(String url) {
		return false;
	}

	/**
	 * Checks again, now and then while the store runs, what {@link #prepare} set.
	 * @param jdbc the database
	 * @param url its JDBC URL as configured
	 */
	void recheck(JdbcOperations jdbc, String url) {
	}

	/**
	 * The statement that runs a group commit's inserts and deletes as one, asked once when
	 * the store connects.
	 * @param jdbc the database
	 * @param queryTimeoutSeconds longest the statement may run
	 * @return the statement, or {@code null} where the inserts and deletes run as batches
	 */
	@Nullable PostgresqlCommitStatement commitStatement(JdbcOperations jdbc, int queryTimeoutSeconds) {
		return null;
	}

	/**
	 * Whether the database keeps its data in this JVM's heap.
	 * @param url its JDBC URL as configured
	 * @return {@code true} for an in-memory database
	 */
	boolean inMemory(String url) {
		return false;
	}

	private static BatchPreparedStatementSetter setter(List<KeyClaim> claims, KeySetter setter) {
		return new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement statement, int i) throws SQLException {
				setter.set(statement, claims.get(i));
			}

			@Override
			public int getBatchSize() {
				return claims.size();
			}

		};
	}

	@FunctionalInterface
	private interface KeySetter {

		void set(PreparedStatement statement, KeyClaim claim) throws SQLException;

	}

	/**
	 * A key to record in the duplicate window table.
	 *
	 * @param key the key
	 * @param expiresAt when the key is forgotten, in epoch millis
	 */
	record KeyClaim(String key, long expiresAt) {

	}

}
