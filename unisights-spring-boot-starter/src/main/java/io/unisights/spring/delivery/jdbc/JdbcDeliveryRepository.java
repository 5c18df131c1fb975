package io.unisights.spring.delivery.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.StoredDelivery;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * The store's SQL, and nothing else: no state beyond the connection to its database, no
 * threads. Each method is one transaction; what the rows mean is the store's business. On
 * PostgreSQL a group commit is one statement of its own, {@link PostgresqlCommitStatement}.
 */
final class JdbcDeliveryRepository {

	static final String TABLE = "unisights_delivery";

	static final String WINDOW_TABLE = "unisights_delivery_window";

	private static final String INSERT = "INSERT INTO " + TABLE
			+ " (id, channel, item, item_size, claimed_by, lease_until, claims) VALUES (?, ?, ?, ?, ?, ?, ?)";

	// What the insert reads back: only the position, never the item.
	private static final String[] SEQ = { "seq" };

	private static final String CLAIM = "UPDATE " + TABLE
			+ " SET claimed_by = ?, lease_until = ?, claims = claims + 1 WHERE seq = ?";

	// By row, not by instance: a row this instance does not hold (its claim committed while
	// the answer was lost) must run out of lease rather than be kept forever.
	private static final String RENEW = "UPDATE " + TABLE + " SET lease_until = ? WHERE seq = ? AND claimed_by = ?";

	private static final String RELEASE = "UPDATE " + TABLE
			+ " SET claimed_by = NULL, lease_until = 0 WHERE claimed_by = ?";

	private static final String DELETE = "DELETE FROM " + TABLE + " WHERE seq = ?";

	private static final String COUNT = "SELECT COUNT(*), COALESCE(SUM(item_size), 0) FROM " + TABLE;

	private static final String PURGE_KEYS = "DELETE FROM " + WINDOW_TABLE + " WHERE expires_at <= ?";

	private static final String CONTAINS_KEY = "SELECT COUNT(*) FROM " + WINDOW_TABLE
			+ " WHERE window_key = ? AND expires_at > ?";

	private static final String RELEASE_KEY = "DELETE FROM " + WINDOW_TABLE + " WHERE window_key = ?";

	private static final String PROBE = "SELECT 1";

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			JdbcDeliveryRepository.class.getClassLoader());

	private static final RowMapper<StoredDelivery> ROW = (rs, i) -> new StoredDelivery(rs.getLong(1), rs.getString(2),
			Channel.fromWireName(rs.getString(3)), rs.getBytes(4));

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JdbcDialect dialect;

	private final String url;

	// Where the database runs a group's inserts and deletes as one statement.
	private final @Nullable PostgresqlCommitStatement commitStatement;

	/**
	 * Creates the repository.
	 * @param dataSource the database
	 * @param dialect its dialect
	 * @param url its URL, as configured where the pool tells, else as the driver reports it
	 * @param commitStatement the statement of a group's inserts and deletes, or {@code null}
	 * to run them as batches; see {@link JdbcDialect#commitStatement}
	 * @param queryTimeout longest a statement may run; a database that is up but stuck
	 * (a lock held elsewhere) then fails the call rather than holding the store's thread
	 */
	JdbcDeliveryRepository(DataSource dataSource, JdbcDialect dialect, String url,
			@Nullable PostgresqlCommitStatement commitStatement, Duration queryTimeout) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setQueryTimeout(queryTimeoutSeconds(queryTimeout));
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.dialect = dialect;
		this.url = url;
		this.commitStatement = commitStatement;
	}

	private static int queryTimeoutSeconds(Duration queryTimeout) {
		return (int) Math.max(1, queryTimeout.toSeconds());
	}

	/**
	 * Reads what database a DataSource is, bounded by {@code open-timeout}, and makes its
	 * repository.
	 * @param dataSource the database
	 * @param settings the store's settings
	 * @return the repository
	 * @throws io.unisights.spring.delivery.DeliveryStoreUnavailableException if the database
	 * does not answer in time, fails, or is one the store has no SQL for
	 */
	static JdbcDeliveryRepository connect(DataSource dataSource, DeliveryProperties.Jdbc settings) {
		return BoundedOpen.within(settings.openTimeout(), "reading what database the DataSource is", () -> {
			String[] database = JdbcUtils.extractDatabaseMetaData(dataSource,
					(metaData) -> new String[] { metaData.getDatabaseProductName(), metaData.getURL() });
			JdbcDialect dialect = JdbcDialect.of(database[0]);
			String configured = HIKARI_PRESENT ? HikariUrl.of(dataSource) : null;
			return new JdbcDeliveryRepository(dataSource, dialect,
					(configured != null) ? configured : String.valueOf(database[1]),
					dialect.commitStatement(new JdbcTemplate(dataSource), queryTimeoutSeconds(settings.commitTimeout())),
					settings.commitTimeout());
		});
	}

	JdbcDialect dialect() {
		return this.dialect;
	}

	String url() {
		return this.url;
	}

	/** Makes the database keep its commits, or fails; see {@link JdbcDialect#prepare}. */
	void prepare() {
		this.dialect.prepare(this.jdbc, this.url);
	}

	/**
	 * Whether {@link #recheck()} asks the database anything.
	 * @return {@code true} for an H2 file
	 */
	boolean rechecks() {
		return this.dialect.rechecks(this.url);
	}

	/** Checks again what {@link #prepare()} set. */
	void recheck() {
		this.dialect.recheck(this.jdbc, this.url);
	}

	/**
	 * Commits a group: the inserts' keys, the inserts whose key was new, and the deletes.
	 * @param inserts items to insert, each with its key or {@code null}
	 * @param deletes rows to delete
	 * @param now current time in epoch millis, for the keys' windows
	 * @return per insert, the row's position in the table, or {@code 0} if its key was
	 * recorded and it was not stored
	 */
	long[] commit(List<Insertion> inserts, Collection<Long> deletes, long now) {
		GroupKeys keys = GroupKeys.of(inserts);
		PostgresqlCommitStatement statement = this.commitStatement;
		if (statement != null) {
			long[] seqs = this.jdbc.execute((ConnectionCallback<long[]>) (connection) -> statement.run(connection,
					inserts, keys, deletes, now));
			// Never null; zeros in its place would acknowledge every item as a duplicate.
			return Objects.requireNonNull(seqs, "positions of the committed rows");
		}
		long[] seqs = new long[inserts.size()];
		this.transactions.executeWithoutResult((status) -> {
			boolean[] claimed = new boolean[keys.claims().size()];
			if (claimed.length > 0) {
				int[] counts = this.dialect.claimKeys(this.jdbc, keys.claims(), now);
				for (int i = 0; i < claimed.length; i++) {
					// A driver that cannot tell (SUCCESS_NO_INFO) is taken at its word: no exception.
					claimed[i] = counts[i] != 0;
				}
			}
			boolean[] stored = keys.stored(inserts, claimed);
			List<Insertion> rows = new ArrayList<>(inserts.size());
			int[] positions = new int[inserts.size()];
			for (int i = 0; i < inserts.size(); i++) {
				if (stored[i]) {
					positions[rows.size()] = i;
					rows.add(inserts.get(i));
				}
			}
			long[] inserted = insert(rows);
			delete(deletes);
			for (int i = 0; i < rows.size(); i++) {
				seqs[positions[i]] = inserted[i];
			}
		});
		return seqs;
	}

	private long[] insert(List<Insertion> rows) {
		long[] seqs = new long[rows.size()];
		if (rows.isEmpty()) {
			return seqs;
		}
		GeneratedKeyHolder generated = new GeneratedKeyHolder();
		this.jdbc.batchUpdate((connection) -> connection.prepareStatement(INSERT, SEQ),
				new BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement statement, int i) throws SQLException {
						Insertion insert = rows.get(i);
						StoredDelivery item = insert.item();
						statement.setString(1, item.id());
						statement.setString(2, item.channel().wireName());
						statement.setBytes(3, item.bytes());
						statement.setInt(4, item.bytes().length);
						statement.setString(5, insert.claimedBy());
						statement.setLong(6, insert.leaseUntil());
						statement.setInt(7, (insert.claimedBy() != null) ? 1 : 0);
					}

					@Override
					public int getBatchSize() {
						return rows.size();
					}

				}, generated);
		List<Map<String, Object>> keyList = generated.getKeyList();
		if (keyList.size() != rows.size()) {
			throw new IllegalStateException(
					"The database returned " + keyList.size() + " key(s) for " + rows.size() + " inserted row(s)");
		}
		for (int i = 0; i < rows.size(); i++) {
			seqs[i] = ((Number) keyList.get(i).values().iterator().next()).longValue();
		}
		return seqs;
	}

	private void delete(Collection<Long> seqs) {
		if (!seqs.isEmpty()) {
			this.jdbc.batchUpdate(DELETE, seqs, seqs.size(), (statement, seq) -> statement.setLong(1, seq));
		}
	}

	/**
	 * Claims the oldest free rows for an instance.
	 * @param instance the instance's id
	 * @param limit most rows
	 * @param now current time in epoch millis
	 * @param leaseUntil end of the claim's lease in epoch millis
	 * @return the rows, oldest first
	 */
	List<StoredDelivery> claim(String instance, int limit, long now, long leaseUntil) {
		List<StoredDelivery> rows = this.transactions.execute((status) -> {
			List<StoredDelivery> found = this.jdbc.query(this.dialect.selectFree(limit), ROW,
					this.dialect.selectFreeArguments(now));
			if (!found.isEmpty()) {
				this.jdbc.batchUpdate(CLAIM, found, found.size(), (statement, row) -> {
					statement.setString(1, instance);
					statement.setLong(2, leaseUntil);
					statement.setLong(3, row.seq());
				});
			}
			return found;
		});
		return (rows != null) ? rows : List.of();
	}

	/**
	 * Extends the lease of rows an instance holds.
	 * @param instance the instance's id
	 * @param seqs the rows
	 * @param leaseUntil new end of their lease
	 */
	void renew(String instance, Collection<Long> seqs, long leaseUntil) {
		if (!seqs.isEmpty()) {
			this.transactions.executeWithoutResult((status) -> this.jdbc.batchUpdate(RENEW, seqs, seqs.size(),
					(statement, seq) -> {
						statement.setLong(1, leaseUntil);
						statement.setLong(2, seq);
						statement.setString(3, instance);
					}));
		}
	}

	/**
	 * Deletes delivered rows and frees every other row of an instance, in one
	 * transaction: what it claimed and did not deliver is free for the next at once.
	 * @param instance the instance's id
	 * @param delivered rows delivered and not deleted yet
	 */
	void deleteAndRelease(String instance, Collection<Long> delivered) {
		this.transactions.executeWithoutResult((status) -> {
			delete(delivered);
			this.jdbc.update(RELEASE, instance);
		});
	}

	/**
	 * What the table holds.
	 * @return rows and bytes of items
	 */
	Counts count() {
		Counts counts = this.jdbc.queryForObject(COUNT, (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2)));
		return (counts != null) ? counts : new Counts(0, 0);
	}

	/**
	 * Forgets expired keys.
	 * @param now current time in epoch millis
	 */
	void purgeExpiredKeys(long now) {
		this.jdbc.update(PURGE_KEYS, now);
	}

	/**
	 * Records one key on its own, in its own transaction.
	 * @return whether the key was new
	 */
	boolean claimKey(String key, long expiresAt, long now) {
		Boolean claimed = this.transactions.execute((status) -> this.dialect
			.claimKeys(this.jdbc, List.of(new JdbcDialect.KeyClaim(key, expiresAt)), now)[0] != 0);
		return Boolean.TRUE.equals(claimed);
	}

	boolean containsKey(String key, long now) {
		Integer found = this.jdbc.queryForObject(CONTAINS_KEY, Integer.class, key, now);
		return found != null && found > 0;
	}

	void releaseKey(String key) {
		this.jdbc.update(RELEASE_KEY, key);
	}

	/** Asks the database for an answer, to learn whether it gives one. */
	void probe() {
		this.jdbc.queryForObject(PROBE, Integer.class);
	}

	/**
	 * The URL as the host configured it. Drivers may report less: H2 leaves out its
	 * settings, and a {@code WRITE_DELAY} there decides whether commits reach the file.
	 */
	private static final class HikariUrl {

		static @Nullable String of(DataSource dataSource) {
			try {
				return dataSource.isWrapperFor(HikariDataSource.class)
						? dataSource.unwrap(HikariDataSource.class).getJdbcUrl() : null;
			}
			catch (SQLException ex) {
				return null;
			}
		}

	}

	/**
	 * Rows and bytes in the table.
	 *
	 * @param rows rows
	 * @param bytes bytes of items
	 */
	record Counts(long rows, long bytes) {

	}

	/**
	 * An item to insert.
	 *
	 * @param item the item
	 * @param key its duplicate key, recorded in the same transaction, or {@code null}
	 * @param claimedBy the instance that claims the row as it is inserted, or {@code null}
	 * for a free row
	 * @param leaseUntil end of that claim's lease in epoch millis, {@code 0} for a free row
	 */
	record Insertion(StoredDelivery item, JdbcDialect.@Nullable KeyClaim key, @Nullable String claimedBy,
			long leaseUntil) {

	}

}
