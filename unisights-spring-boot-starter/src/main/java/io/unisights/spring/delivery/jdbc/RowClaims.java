package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.StoredDelivery;
import io.unisights.wire.SingleLine;

/**
 * The rows this instance claimed for its workers: a buffer of one claim batch, refilled by
 * one worker at a time while the others take what is there, and the set of rows held
 * until their delete commits, so that a row whose lease ran out while the database was
 * away is never handed to a worker twice.
 */
final class RowClaims {

	private static final Log logger = LogFactory.getLog(JdbcDeliveryStore.class);

	private static final long REPEAT_WARNING_MILLIS = 30_000;

	private final JdbcDeliveryRepository repository;

	private final String instanceId;

	private final Duration lease;

	private final StoreHealth health;

	private final ArrayBlockingQueue<StoredDelivery> claimed;

	private final ReentrantLock claiming = new ReentrantLock();

	// Rows this instance claimed whose delete has not committed yet: in the claimed
	// buffer, in a worker's hands, or delivered and waiting for the committer.
	private final Set<Long> held = ConcurrentHashMap.newKeySet();

	private final long pollMillis;

	private volatile long lastClaimWarning;

	// When workers next look in the table: at once while rows may be waiting there (at
	// start, after a full claim, after rows were inserted free), else every poll-interval.
	private volatile long nextClaimAt;

	RowClaims(JdbcDeliveryRepository repository, String instanceId, Duration lease, Duration pollInterval,
			StoreHealth health, int batch) {
		this.repository = repository;
		this.instanceId = instanceId;
		this.lease = lease;
		this.pollMillis = pollInterval.toMillis();
		this.health = health;
		this.claimed = new ArrayBlockingQueue<>(batch);
	}

	/**
	 * A row already claimed, without asking the database.
	 * @return the row, or {@code null}
	 */
	@Nullable StoredDelivery poll() {
		return this.claimed.poll();
	}

	/**
	 * A claimed row, claiming the next batch first if none is left, the table may hold
	 * free rows, and no other worker is claiming.
	 * @return the row, or {@code null}
	 */
	@Nullable StoredDelivery claimIfDue() {
		StoredDelivery item = this.claimed.poll();
		if (item == null && System.currentTimeMillis() >= this.nextClaimAt) {
			item = claimIfIdle();
		}
		return item;
	}

	/** Rows were inserted free: the next worker looks in the table at once. */
	void freeRowsInserted() {
		this.nextClaimAt = 0;
	}

	/**
	 * A row this instance inserted claimed is held until its delete commits.
	 * @param seq its sequence number
	 * @return {@code false} if a claim took the row first (a commit that hung past the
	 * row's lease lands it free): it is in a worker's hands already
	 */
	boolean hold(long seq) {
		return this.held.add(seq);
	}

	/**
	 * A claimed row, claiming the next batch first if none is left and no other worker is
	 * claiming.
	 * @return the row, or {@code null} if the table has none free (or another worker is
	 * claiming)
	 */
	@Nullable StoredDelivery claimIfIdle() {
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
		StoreHealth.Call call = this.health.begin("claim");
		List<StoredDelivery> found;
		try {
			found = this.repository.claim(this.instanceId, room, now, now + this.lease.toMillis());
			call.succeeded();
		}
		catch (RuntimeException ex) {
			call.failed(ex);
			this.nextClaimAt = now + this.pollMillis;
			// The rows stay in the table; the next claim takes them once the database answers.
			if (now - this.lastClaimWarning >= REPEAT_WARNING_MILLIS) {
				this.lastClaimWarning = now;
				logger.warn("Could not claim rows of the delivery store: " + SingleLine.escape(ex.getMessage()));
			}
			return;
		}
		// A full batch may have left more behind; fewer means the table has none free now.
		this.nextClaimAt = (found.size() < room) ? now + this.pollMillis : 0;
		for (StoredDelivery row : found) {
			// A row this instance still holds came back because its lease ran out while the
			// database was away: it is in a worker's hands or delivered, never handed twice.
			if (this.held.add(row.seq())) {
				this.claimed.add(row);
			}
		}
	}

	/**
	 * The rows held, whose leases the {@link LeaseKeeper} renews.
	 * @return the live set of their sequence numbers
	 */
	Set<Long> held() {
		return this.held;
	}

	/**
	 * Rows whose delete committed are held no more.
	 * @param seqs their sequence numbers
	 */
	void deleted(List<Long> seqs) {
		seqs.forEach(this.held::remove);
	}

	/** Drops the buffer on close; the rows are released in the table. */
	void clear() {
		this.claimed.clear();
	}

}
