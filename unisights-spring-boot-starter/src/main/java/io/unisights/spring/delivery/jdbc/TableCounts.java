package io.unisights.spring.delivery.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What this instance believes the store's table holds, against which its bounds are
 * checked: the rows committed there, moved by this instance's own commits and read from
 * the table now and then (other instances insert and delete too), and the items handed
 * to the committer and not committed yet, which a count of the table cannot see.
 * <p>
 * A count races with the commits: a row deleted after the count's snapshot and before
 * its figure is set would be counted until the next count (the queue size then reads as
 * items that were delivered long ago). So a count is taken only while no commit runs,
 * and thrown away if one began meanwhile; the committers tell when theirs begin and end.
 * Under load a few counts in a row may be thrown away; past {@link #MOST_SKIPPED} the
 * figure is set anyway, so that other instances' rows are never ignored for long.
 */
final class TableCounts {

	/** Counts thrown away in a row before one is kept despite a concurrent commit. */
	static final int MOST_SKIPPED = 10;

	private final AtomicLong tableRows = new AtomicLong();

	private final AtomicLong tableBytes = new AtomicLong();

	private final AtomicLong waitingRows = new AtomicLong();

	private final AtomicLong waitingBytes = new AtomicLong();

	private final AtomicLong commitsBegun = new AtomicLong();

	private final AtomicLong commitsEnded = new AtomicLong();

	private final AtomicInteger skipped = new AtomicInteger();

	private volatile boolean overlapped;

	/**
	 * Counts an item about to be handed to the committer, unless that passes a bound.
	 * @param size its bytes
	 * @param maxRows most rows
	 * @param maxBytes most bytes; a single item larger than that is still taken
	 * @return {@code true} if counted; {@code false} (and nothing counted) past a bound
	 */
	boolean reserve(long size, long maxRows, long maxBytes) {
		long rows = this.waitingRows.incrementAndGet() + this.tableRows.get();
		long bytes = this.waitingBytes.addAndGet(size) + this.tableBytes.get();
		if (rows > maxRows || (bytes > maxBytes && bytes != size)) {
			unreserve(1, size);
			return false;
		}
		return true;
	}

	/** Uncounts items that were reserved and never reached the committer, or failed. */
	void unreserve(long rows, long bytes) {
		this.waitingRows.addAndGet(-rows);
		this.waitingBytes.addAndGet(-bytes);
	}

	/** A commit is about to begin. */
	void beginning() {
		this.commitsBegun.incrementAndGet();
	}

	/**
	 * A commit ended, and its figures were applied.
	 * @param submittedRows items it tried to insert (waiting until now)
	 * @param submittedBytes their bytes
	 * @param insertedRows of those, rows it inserted (some may have been duplicates)
	 * @param insertedBytes their bytes
	 * @param deletedRows rows it deleted
	 * @param deletedBytes their bytes
	 */
	void ended(int submittedRows, long submittedBytes, int insertedRows, long insertedBytes, int deletedRows,
			long deletedBytes) {
		this.tableRows.addAndGet(insertedRows - deletedRows);
		this.tableBytes.addAndGet(insertedBytes - deletedBytes);
		unreserve(submittedRows, submittedBytes);
		this.commitsEnded.incrementAndGet();
	}

	/**
	 * Reads the table's figures, unless a commit runs meanwhile.
	 * @param count reads rows and bytes from the table
	 * @return whether the figures were set
	 */
	boolean refresh(Supplier<JdbcDeliveryRepository.Counts> count) {
		long ended = this.commitsEnded.get();
		long begun = this.commitsBegun.get();
		boolean force = this.skipped.get() >= MOST_SKIPPED;
		if (begun != ended && !force) {
			this.skipped.incrementAndGet();
			return false;
		}
		JdbcDeliveryRepository.Counts counts = count.get();
		if (this.commitsBegun.get() != begun && !force) {
			this.skipped.incrementAndGet();
			return false;
		}
		this.tableRows.set(counts.rows());
		this.tableBytes.set(counts.bytes());
		this.skipped.set(0);
		this.overlapped = begun != ended || this.commitsBegun.get() != begun;
		return true;
	}

	/**
	 * Whether the figures set last came from a count that a commit overlapped (kept past
	 * {@link #MOST_SKIPPED}), and may be off by that commit's rows until the next count.
	 * @return {@code true} if the next count is worth taking soon
	 */
	boolean overlapped() {
		return this.overlapped;
	}

	/**
	 * Items this instance counts: committed and waiting.
	 * @return the count
	 */
	long rows() {
		return this.tableRows.get() + this.waitingRows.get();
	}

	long bytes() {
		return this.tableBytes.get() + this.waitingBytes.get();
	}

}
