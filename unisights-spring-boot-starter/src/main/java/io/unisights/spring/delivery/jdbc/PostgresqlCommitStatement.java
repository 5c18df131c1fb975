package io.unisights.spring.delivery.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.postgresql.PGStatement;

import io.unisights.spring.delivery.StoredDelivery;

import org.springframework.util.ClassUtils;

/**
 * A group commit on PostgreSQL as one statement: data-modifying {@code WITH} clauses delete
 * the delivered rows and record the new items' duplicate keys, and the new rows come from
 * arrays through {@code unnest}, each inserted unless its key was recorded already.
 * <p>
 * Run in autocommit, the statement is its own transaction, so a group costs one round trip
 * where batches of key claims, inserts and deletes, a {@code COMMIT} and the compression
 * setting cost three to five.
 * On a loopback PostgreSQL 15 a commit of four 676-byte rows (no keys) took 92 to 118 us
 * of the server's CPU and 27 to 28 us of the client's per row, against 125 to 136 and 53
 * to 62 with the batches: the round trips, not the rows, were most of a commit's cost.
 */
final class PostgresqlCommitStatement {

	private static final String TABLE = JdbcDeliveryRepository.TABLE;

	private static final String WINDOW = JdbcDeliveryRepository.WINDOW_TABLE;

	private static final String DELETE = "WITH delivered AS (DELETE FROM " + TABLE + " WHERE seq = ANY(?::int8[])), ";

	// A key whose entry expired is taken over; RETURNING lists the keys recorded now.
	private static final String CLAIM = "claimed AS (INSERT INTO " + WINDOW
			+ " (window_key, expires_at) SELECT * FROM unnest(?::varchar[], ?::int8[]) ON CONFLICT (window_key) DO "
			+ "UPDATE SET expires_at = EXCLUDED.expires_at WHERE " + WINDOW + ".expires_at <= ? RETURNING window_key), ";

	// A filter on the function scan, not a join, so the rows reach the insert, and take
	// their positions from the identity, in the arrays' order.
	private static final String STORE = "stored AS (INSERT INTO " + TABLE
			+ " (id, channel, item, item_size, claimed_by, lease_until, claims)"
			+ " SELECT item.id, item.channel, item.item, item.item_size, item.claimed_by, item.lease_until, item.claims"
			+ " FROM %sunnest(?::varchar[], ?::varchar[], ?::bytea[], ?::int4[], ?::varchar[], ?::int8[], ?::int4[], "
			+ "?::varchar[], ?::bool[]) AS item(id, channel, item, item_size, claimed_by, lease_until, claims, window_key, "
			+ "first) WHERE item.window_key IS NULL OR (item.first AND item.window_key = ANY(ARRAY(SELECT window_key "
			+ "FROM claimed)))"
			+ " RETURNING seq) ";

	// set_config(…, true) holds until the statement's transaction ends, so the host's
	// sessions on the same pool keep their own compression; a compression the host set on
	// the column wins over it. The one-row join runs it before the first row is inserted.
	private static final String LZ4 = "(SELECT set_config('default_toast_compression', 'lz4', true)) AS lz4, ";

	private static final String RESULT = "SELECT seq, NULL::varchar FROM stored UNION ALL "
			+ "SELECT NULL::int8, window_key FROM claimed";

	private static final String PLAIN = DELETE + CLAIM + STORE.formatted("") + RESULT;

	private static final String COMPRESSED = DELETE + CLAIM + STORE.formatted(LZ4) + RESULT;

	private static final boolean PGJDBC_PRESENT = ClassUtils.isPresent("org.postgresql.PGStatement",
			PostgresqlCommitStatement.class.getClassLoader());

	private final boolean lz4;

	private final int queryTimeoutSeconds;

	/**
	 * Creates the statement.
	 * @param lz4 whether the server offers lz4 compression, used then for items of
	 * {@link JdbcDialect#COMPRESSED_FROM} bytes or more
	 * @param queryTimeoutSeconds longest the statement may run
	 */
	PostgresqlCommitStatement(boolean lz4, int queryTimeoutSeconds) {
		this.lz4 = lz4;
		this.queryTimeoutSeconds = queryTimeoutSeconds;
	}

	/**
	 * Runs the statement as a transaction of its own, committed before it returns.
	 * @param connection a connection in no transaction of the caller's
	 * @param inserts the items to insert, each with its key or {@code null}
	 * @param keys the keys those items claim
	 * @param deletes the rows to delete
	 * @param now current time in epoch millis, for the keys' windows
	 * @return per insert, the row's position in the table, or {@code 0} if its key was
	 * recorded and it was not stored
	 * @throws SQLException if the database refused it; nothing is inserted or deleted
	 */
	long[] run(Connection connection, List<JdbcDeliveryRepository.Insertion> inserts, GroupKeys keys,
			Collection<Long> deletes, long now) throws SQLException {
		if (connection.getAutoCommit()) {
			return execute(connection, inserts, keys, deletes, now);
		}
		// A pool configured without autocommit: the statement's transaction is ours to end.
		try {
			long[] seqs = execute(connection, inserts, keys, deletes, now);
			connection.commit();
			return seqs;
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
	}

	private long[] execute(Connection connection, List<JdbcDeliveryRepository.Insertion> inserts, GroupKeys keys,
			Collection<Long> deletes, long now) throws SQLException {
		int size = inserts.size();
		String[] ids = new String[size];
		String[] channels = new String[size];
		byte[][] items = new byte[size][];
		Integer[] itemSizes = new Integer[size];
		String[] claimedBy = new String[size];
		Long[] leases = new Long[size];
		Integer[] claims = new Integer[size];
		String[] itemKeys = new String[size];
		Boolean[] first = new Boolean[size];
		boolean large = false;
		for (int i = 0; i < size; i++) {
			JdbcDeliveryRepository.Insertion insert = inserts.get(i);
			StoredDelivery item = insert.item();
			ids[i] = item.id();
			channels[i] = item.channel().wireName();
			items[i] = item.bytes();
			itemSizes[i] = item.bytes().length;
			claimedBy[i] = insert.claimedBy();
			leases[i] = insert.leaseUntil();
			claims[i] = (insert.claimedBy() != null) ? 1 : 0;
			JdbcDialect.KeyClaim key = insert.key();
			if (key != null) {
				itemKeys[i] = key.key();
				first[i] = keys.first(i);
			}
			large |= item.bytes().length >= JdbcDialect.COMPRESSED_FROM;
		}
		List<JdbcDialect.KeyClaim> keyClaims = keys.claims();
		String[] claimedKeys = new String[keyClaims.size()];
		Long[] expiries = new Long[keyClaims.size()];
		for (int i = 0; i < claimedKeys.length; i++) {
			claimedKeys[i] = keyClaims.get(i).key();
			expiries[i] = keyClaims.get(i).expiresAt();
		}
		try (PreparedStatement statement = connection.prepareStatement((this.lz4 && large) ? COMPRESSED : PLAIN)) {
			plannedEachTime(statement);
			statement.setQueryTimeout(this.queryTimeoutSeconds);
			statement.setArray(1, connection.createArrayOf("int8", deletes.toArray()));
			statement.setArray(2, connection.createArrayOf("varchar", claimedKeys));
			statement.setArray(3, connection.createArrayOf("int8", expiries));
			statement.setLong(4, now);
			statement.setArray(5, connection.createArrayOf("varchar", ids));
			statement.setArray(6, connection.createArrayOf("varchar", channels));
			statement.setObject(7, items);
			statement.setArray(8, connection.createArrayOf("int4", itemSizes));
			statement.setArray(9, connection.createArrayOf("varchar", claimedBy));
			statement.setArray(10, connection.createArrayOf("int8", leases));
			statement.setArray(11, connection.createArrayOf("int4", claims));
			statement.setArray(12, connection.createArrayOf("varchar", itemKeys));
			statement.setArray(13, connection.createArrayOf("bool", first));
			return positions(statement, inserts, keys);
		}
	}

	private static long[] positions(PreparedStatement statement, List<JdbcDeliveryRepository.Insertion> inserts,
			GroupKeys keys) throws SQLException {
		List<Long> stored = new ArrayList<>(inserts.size());
		Set<String> recorded = new HashSet<>();
		try (ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				long seq = result.getLong(1);
				if (result.wasNull()) {
					recorded.add(result.getString(2));
				}
				else {
					stored.add(seq);
				}
			}
		}
		boolean[] claimed = new boolean[keys.claims().size()];
		for (int i = 0; i < claimed.length; i++) {
			claimed[i] = recorded.contains(keys.claims().get(i).key());
		}
		boolean[] rows = keys.stored(inserts, claimed);
		// RETURNING need not list the rows in the order inserted, but the identity takes its
		// values in that order, which is the arrays': sorted, they are the rows'.
		Collections.sort(stored);
		long[] seqs = new long[rows.length];
		int next = 0;
		for (int i = 0; i < rows.length; i++) {
			if (rows[i]) {
				if (next == stored.size()) {
					throw new SQLException("The database returned " + stored.size() + " position(s), fewer than the "
							+ "rows it inserted");
				}
				seqs[i] = stored.get(next++);
			}
		}
		if (next != stored.size()) {
			throw new SQLException("The database returned " + stored.size() + " position(s) for " + next
					+ " inserted row(s)");
		}
		return seqs;
	}

	// The driver prepares a statement on the server from its fifth run, and the server then
	// plans it once for all arrays: made while the table was new, that plan took 464 us of
	// the server's CPU for a commit of four rows that took 92 with a plan for its own array.
	private static void plannedEachTime(PreparedStatement statement) throws SQLException {
		if (PGJDBC_PRESENT) {
			Pgjdbc.planEachTime(statement);
		}
	}

	/** Touches the driver's types only where the driver is on the classpath. */
	private static final class Pgjdbc {

		static void planEachTime(PreparedStatement statement) throws SQLException {
			if (statement.isWrapperFor(PGStatement.class)) {
				statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			}
		}

	}

}
