package io.unisights.spring.delivery;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database store ({@code unisights.delivery.store=jdbc}): an accepted item is a row of
 * {@code unisights_delivery}, committed before the request is answered.
 * <p>
 * Group commit: request threads hand their rows to one committer thread and wait; the
 * committer inserts whatever has gathered (up to {@code commit-max-batch} rows, waiting
 * at most {@code commit-max-wait} for more) in one transaction, so concurrent requests
 * share one commit and one disk flush. Workers claim free rows with
 * {@code SELECT … FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 2.x both have it) and mark
 * them with this instance's id and a lease, which a background thread keeps renewing
 * while the instance lives. A row whose lease ran out, because its instance died, is free
 * again and is delivered by whichever instance claims it next, under its original id.
 * Delivered rows are deleted by the committer as well, in the same transactions, and the
 * worker waits for that commit before it takes the next item: an instance that dies
 * delivers again only the items its handlers were running.
 */
final class JdbcDeliveryStore implements DeliveryStore {

	private static final Log logger = LogFactory.getLog(JdbcDeliveryStore.class);

	static final String TABLE = "unisights_delivery";

	private static final String INSERT = "INSERT INTO " + TABLE
			+ " (id, channel, item, item_size, claimed_by, lease_until, claims) VALUES (?, ?, ?, ?, NULL, 0, 0)";

	// PostgreSQL locks rows as the limit takes them, so the oldest free rows are locked and
	// nothing else.
	private static final String SELECT_FREE_POSTGRESQL = "SELECT seq, id, channel, item FROM " + TABLE
			+ " WHERE lease_until < ? ORDER BY seq FETCH FIRST %d ROWS ONLY FOR UPDATE SKIP LOCKED";

	// H2 locks every row matching the condition before it sorts and applies the limit: with
	// 2,000 queued 14 KB rows one claim took 210 ms and wrote 87 MB (each lock rewrites its
	// row). Choosing the candidates in index order first, without a lock, and locking only
	// those (the outer sort then orders no more than the batch) keeps a claim at a few
	// milliseconds whatever the backlog.
	private static final String SELECT_FREE = "SELECT seq, id, channel, item FROM " + TABLE
			+ " WHERE seq IN (SELECT seq FROM " + TABLE
			+ " WHERE lease_until < ? ORDER BY lease_until, seq FETCH FIRST %d ROWS ONLY)"
			+ " AND lease_until < ? ORDER BY seq FOR UPDATE SKIP LOCKED";

	private static final String CLAIM = "UPDATE " + TABLE
			+ " SET claimed_by = ?, lease_until = ?, claims = claims + 1 WHERE seq = ?";

	private static final String RENEW = "UPDATE " + TABLE + " SET lease_until = ? WHERE claimed_by = ?";

	private static final String RELEASE = "UPDATE " + TABLE
			+ " SET claimed_by = NULL, lease_until = 0 WHERE claimed_by = ?";

	private static final String DELETE = "DELETE FROM " + TABLE + " WHERE seq = ?";

	private static final String COUNT = "SELECT COUNT(*), COALESCE(SUM(item_size), 0) FROM " + TABLE;

	static final String WINDOW_TABLE = "unisights_delivery_window";

	// PostgreSQL: one statement, no error on a conflict, so a batch never aborts. A key
	// whose entry expired is taken over by updating its expiry.
	static final String CLAIM_KEY_POSTGRESQL = "INSERT INTO " + WINDOW_TABLE
			+ " (window_key, expires_at) VALUES (?, ?) ON CONFLICT (window_key) DO UPDATE SET expires_at = "
			+ "EXCLUDED.expires_at WHERE " + WINDOW_TABLE + ".expires_at <= ?";

	// Elsewhere: drop an expired entry, then insert unless present. An embedded database
	// has one committer, so nothing races between the two.
	static final String DROP_EXPIRED_KEY = "DELETE FROM " + WINDOW_TABLE + " WHERE window_key = ? AND expires_at <= ?";

	static final String CLAIM_KEY = "INSERT INTO " + WINDOW_TABLE
			+ " (window_key, expires_at) SELECT CAST(? AS VARCHAR(300)), CAST(? AS BIGINT) WHERE NOT EXISTS "
			+ "(SELECT 1 FROM " + WINDOW_TABLE + " WHERE window_key = ?)";

	private static final String PURGE_KEYS = "DELETE FROM " + WINDOW_TABLE + " WHERE expires_at <= ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final DeliveryProperties.Jdbc settings;

	private final Duration retryAfter;

	private final String instanceId = UUID.randomUUID().toString();

	private final LinkedBlockingQueue<PendingRow> pending = new LinkedBlockingQueue<>();


	private final ArrayBlockingQueue<StoredDelivery> claimed;

	private final ReentrantLock claiming = new ReentrantLock();

	private final Object newRows = new Object();

	// What this instance believes the table holds: refreshed from the table now and then,
	// moved by its own inserts and deletes in between. Bounds are checked against it.
	private final AtomicLong rows = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	private final LongAdder commits = new LongAdder();

	private final LongAdder committedRows = new LongAdder();

	private final AtomicLong largestBatch = new AtomicLong();

	private final int[] batchSizes = new int[8];

	private volatile boolean open;

	private boolean postgres;

	private @Nullable Thread committer;

	private @Nullable Thread keeper;

	JdbcDeliveryStore(DataSource dataSource, DeliveryProperties.Jdbc settings, Duration retryAfter) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.settings = settings;
		this.retryAfter = retryAfter;
		this.claimed = new ArrayBlockingQueue<>(settings.claimBatch());
	}

	@Override
	public synchronized void open() {
		if (this.open) {
			return;
		}
		String product = JdbcStoreSchema.productName(this.jdbc.getDataSource());
		this.postgres = "PostgreSQL".equals(product);
		if ("H2".equals(product)) {
			warnOfH2WriteDelay();
		}
		refreshCounts();
		this.open = true;
		this.committer = daemon("unisights-store-commit", this::commitLoop);
		this.keeper = daemon("unisights-store-lease", this::keepLoop);
	}

	/**
	 * H2 writes commits to its file up to {@code WRITE_DELAY} milliseconds later (500 by
	 * default): a process killed in that time loses rows it answered 202 for.
	 */
	private void warnOfH2WriteDelay() {
		try {
			List<String> delay = this.jdbc.queryForList(
					"SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
					String.class);
			String url = this.jdbc.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData().getURL());
			boolean inMemory = url != null && url.contains(":mem:");
			if (inMemory) {
				warnOfRowsInTheHeap(Runtime.getRuntime().maxMemory());
			}
			if (!inMemory && !delay.isEmpty() && !"0".equals(delay.get(0))) {
				logger.warn("The H2 database of the delivery store writes commits up to " + delay.get(0)
						+ " ms late, so a killed process loses items it accepted: add ;WRITE_DELAY=0 to its URL");
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read H2's WRITE_DELAY", ex);
		}
	}

	/**
	 * An in-memory database keeps the store's rows in this JVM's heap, where a bound meant
	 * for a disk would let the queued items exhaust the heap before the store answers 503.
	 * @param maxHeap the heap's limit in bytes
	 * @return whether a warning was logged
	 */
	boolean warnOfRowsInTheHeap(long maxHeap) {
		long maxSize = this.settings.maxSize().toBytes();
		if (maxSize <= maxHeap / 4) {
			return false;
		}
		logger.warn("The delivery store's database is H2 in memory, so its rows live in the heap (at most "
				+ (maxHeap >> 20) + " MB), yet unisights.delivery.jdbc.max-size allows " + (maxSize >> 20)
				+ " MB: lower that to a quarter of the heap or less, or use a file or server database");
		return true;
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	@Override
	public boolean claimsKeys() {
		return true;
	}

	@Override
	public boolean add(StoredDelivery item, DuplicateFilter.@Nullable Claim claim) {
		int size = item.bytes().length;
		long heldRows = this.rows.incrementAndGet();
		long heldBytes = this.bytes.addAndGet(size);
		if (heldRows > this.settings.maxRows() || (heldBytes > this.settings.maxSize().toBytes() && heldBytes != size)) {
			forget(1, size);
			throw new QueueFullException("The delivery store is full (" + (heldRows - 1) + " of "
					+ this.settings.maxRows() + " rows, " + (heldBytes - size) + " of " + this.settings.maxSize().toBytes()
					+ " bytes; unisights.delivery.jdbc.max-rows, unisights.delivery.jdbc.max-size)", false,
					this.retryAfter);
		}
		if (!this.open) {
			forget(1, size);
			throw new QueueFullException("The delivery store is closed", true, this.retryAfter);
		}
		PendingRow row = new PendingRow(item, true, claim, new CompletableFuture<>());
		this.pending.add(row);
		try {
			boolean stored = row.committed().get(this.settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
			if (!stored) {
				forget(1, size);
			}
			return stored;
		}
		catch (ExecutionException ex) {
			forget(1, size);
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new QueueFullException("The delivery store could not commit the item: " + cause.getMessage(), false,
					this.retryAfter);
		}
		catch (TimeoutException ex) {
			throw new QueueFullException("The delivery store did not commit the item within "
					+ this.settings.commitTimeout() + " (unisights.delivery.jdbc.commit-timeout)", false,
					this.retryAfter);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new QueueFullException("Interrupted while the delivery store committed the item", true,
					this.retryAfter);
		}
	}

	private void forget(long rowCount, long size) {
		this.rows.addAndGet(-rowCount);
		this.bytes.addAndGet(-size);
	}

	private void commitLoop() {
		List<PendingRow> batch = new ArrayList<>(this.settings.commitMaxBatch());
		while (this.open || !this.pending.isEmpty()) {
			try {
				PendingRow first = this.pending.poll(50, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				gather(batch);
				commit(batch);
			}
			catch (InterruptedException ex) {
				// Only close() interrupts, after it stopped accepting; the loop drains.
			}
			catch (RuntimeException ex) {
				logger.warn("Delivery store commit failed: " + ex.getMessage());
			}
			finally {
				batch.clear();
			}
		}
	}

	private void gather(List<PendingRow> batch) throws InterruptedException {
		int max = this.settings.commitMaxBatch();
		this.pending.drainTo(batch, max - batch.size());
		long waitNanos = this.settings.commitMaxWait().toNanos();
		if (waitNanos <= 0) {
			return;
		}
		long deadline = System.nanoTime() + waitNanos;
		while (batch.size() < max) {
			long left = deadline - System.nanoTime();
			PendingRow next = (left > 0) ? this.pending.poll(left, TimeUnit.NANOSECONDS) : null;
			if (next == null) {
				return;
			}
			batch.add(next);
			this.pending.drainTo(batch, max - batch.size());
		}
	}

	private void commit(List<PendingRow> batch) {
		List<PendingRow> claims = new ArrayList<>();
		List<Long> deletes = new ArrayList<>();
		for (PendingRow row : batch) {
			if (!row.insert()) {
				deletes.add(row.item().seq());
			}
			else if (row.claim() != null) {
				claims.add(row);
			}
		}
		List<StoredDelivery> inserts = new ArrayList<>(batch.size());
		List<PendingRow> duplicates = new ArrayList<>();
		try {
			this.transactions.executeWithoutResult((status) -> {
				inserts.clear();
				duplicates.clear();
				boolean[] claimed = claimKeys(claims);
				int next = 0;
				for (PendingRow row : batch) {
					if (!row.insert()) {
						continue;
					}
					if (row.claim() != null && !claimed[next++]) {
						duplicates.add(row);
					}
					else {
						inserts.add(row.item());
					}
				}
				this.jdbc.batchUpdate(INSERT, new BatchPreparedStatementSetter() {

					@Override
					public void setValues(PreparedStatement statement, int i) throws SQLException {
						StoredDelivery item = inserts.get(i);
						statement.setString(1, item.id());
						statement.setString(2, item.channel().wireName());
						statement.setBytes(3, item.bytes());
						statement.setInt(4, item.bytes().length);
					}

					@Override
					public int getBatchSize() {
						return inserts.size();
					}

				});
				delete(deletes);
			});
		}
		catch (RuntimeException ex) {
			batch.forEach((row) -> row.committed().completeExceptionally(ex));
			return;
		}
		forget(deletes.size(), 0);
		if (!inserts.isEmpty()) {
			recordBatch(inserts.size());
		}
		batch.forEach((row) -> row.committed().complete(!duplicates.contains(row)));
		synchronized (this.newRows) {
			this.newRows.notifyAll();
		}
	}

	/**
	 * Records the keys of a batch's items in the transaction that inserts them.
	 * @return for each row, whether its key was new
	 */
	private boolean[] claimKeys(List<PendingRow> rows) {
		boolean[] claimed = new boolean[rows.size()];
		if (rows.isEmpty()) {
			return claimed;
		}
		long now = System.currentTimeMillis();
		int[] counts;
		if (this.postgres) {
			counts = this.jdbc.batchUpdate(CLAIM_KEY_POSTGRESQL, keySetter(rows, now, true));
		}
		else {
			this.jdbc.batchUpdate(DROP_EXPIRED_KEY, rows, rows.size(), (statement, row) -> {
				statement.setString(1, row.claim().key());
				statement.setLong(2, now);
			});
			counts = this.jdbc.batchUpdate(CLAIM_KEY, keySetter(rows, now, false));
		}
		for (int i = 0; i < claimed.length; i++) {
			// A driver that cannot tell (SUCCESS_NO_INFO) is taken at its word: no exception.
			claimed[i] = counts[i] != 0;
		}
		return claimed;
	}

	private static BatchPreparedStatementSetter keySetter(List<PendingRow> rows, long now, boolean postgres) {
		return new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement statement, int i) throws SQLException {
				DuplicateFilter.Claim claim = rows.get(i).claim();
				statement.setString(1, claim.key());
				statement.setLong(2, now + claim.window().window().toMillis());
				if (postgres) {
					statement.setLong(3, now);
				}
				else {
					statement.setString(3, claim.key());
				}
			}

			@Override
			public int getBatchSize() {
				return rows.size();
			}

		};
	}

	/**
	 * Records one key on its own, in its own transaction: the windows that are not tied
	 * to an item (an ingest request's message id).
	 * @return whether the key was new
	 */
	boolean claimKey(String key, long windowMillis) {
		long now = System.currentTimeMillis();
		Boolean claimed = this.transactions.execute((status) -> {
			if (this.postgres) {
				return this.jdbc.update(CLAIM_KEY_POSTGRESQL, key, now + windowMillis, now) != 0;
			}
			this.jdbc.update(DROP_EXPIRED_KEY, key, now);
			return this.jdbc.update(CLAIM_KEY, key, now + windowMillis, key) != 0;
		});
		return Boolean.TRUE.equals(claimed);
	}

	boolean containsKey(String key) {
		Integer found = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM " + WINDOW_TABLE + " WHERE window_key = ? AND expires_at > ?", Integer.class, key,
				System.currentTimeMillis());
		return found != null && found > 0;
	}

	void releaseKey(String key) {
		this.jdbc.update("DELETE FROM " + WINDOW_TABLE + " WHERE window_key = ?", key);
	}

	private void recordBatch(int size) {
		this.commits.increment();
		this.committedRows.add(size);
		this.largestBatch.accumulateAndGet(size, Math::max);
		// Buckets 1, 2-3, 4-7, … 128 and more.
		int bucket = Math.min(31 - Integer.numberOfLeadingZeros(size), this.batchSizes.length - 1);
		synchronized (this.batchSizes) {
			this.batchSizes[bucket]++;
		}
	}

	private void delete(List<Long> seqs) {
		if (!seqs.isEmpty()) {
			this.jdbc.batchUpdate(DELETE, seqs, seqs.size(), (statement, seq) -> statement.setLong(1, seq));
		}
	}

	@Override
	public @Nullable StoredDelivery take(long timeoutMillis) throws InterruptedException {
		StoredDelivery item = this.claimed.poll();
		if (item != null || !this.open) {
			return item;
		}
		item = claimIfIdle();
		if (item != null) {
			return item;
		}
		synchronized (this.newRows) {
			this.newRows.wait(Math.max(1, Math.min(timeoutMillis, this.settings.pollInterval().toMillis())));
		}
		item = this.claimed.poll();
		return (item != null) ? item : claimIfIdle();
	}

	private @Nullable StoredDelivery claimIfIdle() {
		if (!this.claiming.tryLock()) {
			return this.claimed.poll();
		}
		try {
			StoredDelivery item = this.claimed.poll();
			if (item != null) {
				return item;
			}
			claim();
			return this.claimed.poll();
		}
		finally {
			this.claiming.unlock();
		}
	}

	private void claim() {
		int room = this.claimed.remainingCapacity();
		if (room == 0) {
			return;
		}
		long now = System.currentTimeMillis();
		long leaseUntil = now + this.settings.lease().toMillis();
		List<StoredDelivery> rows = this.transactions.execute((status) -> {
			RowMapper<StoredDelivery> rowMapper = (rs, i) -> new StoredDelivery(rs.getLong(1), rs.getString(2),
					Channel.fromWireName(rs.getString(3)), rs.getBytes(4));
			List<StoredDelivery> found = this.postgres
					? this.jdbc.query(SELECT_FREE_POSTGRESQL.formatted(room), rowMapper, now)
					: this.jdbc.query(SELECT_FREE.formatted(room), rowMapper, now, now);
			if (!found.isEmpty()) {
				this.jdbc.batchUpdate(CLAIM, found, found.size(), (statement, row) -> {
					statement.setString(1, this.instanceId);
					statement.setLong(2, leaseUntil);
					statement.setLong(3, row.seq());
				});
			}
			return found;
		});
		if (rows != null) {
			this.claimed.addAll(rows);
		}
	}

	@Override
	public void remove(StoredDelivery item) {
		PendingRow row = new PendingRow(item, false, null, new CompletableFuture<>());
		this.pending.add(row);
		try {
			row.committed().get(this.settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
			this.bytes.addAndGet(-item.bytes().length);
		}
		catch (ExecutionException | TimeoutException ex) {
			// The row stays and is delivered again once its lease ends, under the same id.
			logger.warn("Could not delete delivered row " + item.seq() + " from the delivery store: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void keepLoop() {
		long renewEvery = Math.max(10, this.settings.lease().toMillis() / 3);
		long lastCount = System.currentTimeMillis();
		long lastPurge = 0;
		while (this.open) {
			try {
				Thread.sleep(renewEvery);
			}
			catch (InterruptedException ex) {
				continue;
			}
			try {
				this.jdbc.update(RENEW, System.currentTimeMillis() + this.settings.lease().toMillis(),
						this.instanceId);
				if (System.currentTimeMillis() - lastCount >= 1000) {
					refreshCounts();
					lastCount = System.currentTimeMillis();
				}
				if (System.currentTimeMillis() - lastPurge >= 60_000) {
					this.jdbc.update(PURGE_KEYS, System.currentTimeMillis());
					lastPurge = System.currentTimeMillis();
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not renew the delivery store's leases: " + ex.getMessage());
			}
		}
	}

	private void refreshCounts() {
		this.jdbc.query(COUNT, (rs) -> {
			// Rows this instance committed or deleted since are counted by the table now;
			// rows waiting for the committer are not, so they are added back.
			long waiting = 0;
			long waitingBytes = 0;
			for (PendingRow row : this.pending) {
				if (row.insert()) {
					waiting++;
					waitingBytes += row.item().bytes().length;
				}
			}
			this.rows.set(rs.getLong(1) + waiting);
			this.bytes.set(rs.getLong(2) + waitingBytes);
		});
	}

	@Override
	public boolean durable() {
		return true;
	}

	@Override
	public List<StoredDelivery> close() {
		Thread commitThread;
		Thread keepThread;
		synchronized (this) {
			if (!this.open) {
				return List.of();
			}
			this.open = false;
			commitThread = this.committer;
			keepThread = this.keeper;
		}
		join(commitThread);
		if (keepThread != null) {
			keepThread.interrupt();
		}
		join(keepThread);
		this.claimed.clear();
		try {
			// Rows claimed but not delivered are free for the next instance at once.
			this.jdbc.update(RELEASE, this.instanceId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release the delivery store's claims; they are free once their lease ends: "
					+ ex.getMessage());
		}
		logger.info(statistics());
		return List.of();
	}

	private static void join(@Nullable Thread thread) {
		if (thread == null) {
			return;
		}
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How the group commit went, for the log and for tuning.
	 * @return a one-line summary
	 */
	String statistics() {
		long commitCount = this.commits.sum();
		long rowCount = this.committedRows.sum();
		StringBuilder summary = new StringBuilder("Delivery store committed ").append(rowCount)
			.append(" row(s) in ")
			.append(commitCount)
			.append(" commit(s)");
		if (commitCount > 0) {
			summary.append(String.format(" (mean batch %.1f, largest %d; batches by size", (double) rowCount / commitCount,
					this.largestBatch.get()));
			synchronized (this.batchSizes) {
				for (int i = 0; i < this.batchSizes.length; i++) {
					int low = 1 << i;
					String range = (i == this.batchSizes.length - 1) ? low + "+"
							: (low == (2 << i) - 1) ? String.valueOf(low) : low + "-" + ((2 << i) - 1);
					summary.append(' ').append(range).append(':').append(this.batchSizes[i]);
				}
			}
			summary.append(')');
		}
		return summary.toString();
	}

	long committedRows() {
		return this.committedRows.sum();
	}

	long commits() {
		return this.commits.sum();
	}

	@Override
	public int size() {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(0, this.rows.get()));
	}

	@Override
	public int capacity() {
		return (int) Math.min(Integer.MAX_VALUE, this.settings.maxRows());
	}

	private record PendingRow(StoredDelivery item, boolean insert, DuplicateFilter.@Nullable Claim claim,
			CompletableFuture<Boolean> committed) {

	}

}
