package io.unisights.spring.delivery.jdbc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link GroupCommitter} committed: rows and commits, and how large the batches
 * were, for the log at shutdown and for tuning {@code commit-max-batch} and
 * {@code commit-max-wait}.
 */
final class CommitStatistics {

	private final LongAdder insertCommits = new LongAdder();

	private final LongAdder insertedRows = new LongAdder();

	private final LongAdder deleteCommits = new LongAdder();

	private final LongAdder deletedRows = new LongAdder();

	private final LongAdder commits = new LongAdder();

	private final AtomicLong largestBatch = new AtomicLong();

	// Rows per insert commit: 1, 2-3, 4-7, … 128 and more.
	private final int[] batchSizes = new int[8];

	void record(int inserted, int deleted) {
		this.commits.increment();
		if (inserted > 0) {
			this.insertCommits.increment();
			this.insertedRows.add(inserted);
			this.largestBatch.accumulateAndGet(inserted, Math::max);
			int bucket = Math.min(31 - Integer.numberOfLeadingZeros(inserted), this.batchSizes.length - 1);
			synchronized (this.batchSizes) {
				this.batchSizes[bucket]++;
			}
		}
		if (deleted > 0) {
			this.deleteCommits.increment();
			this.deletedRows.add(deleted);
		}
	}

	long insertedRows() {
		return this.insertedRows.sum();
	}

	long insertCommits() {
		return this.insertCommits.sum();
	}

	long deletedRows() {
		return this.deletedRows.sum();
	}

	long deleteCommits() {
		return this.deleteCommits.sum();
	}

	long commits() {
		return this.commits.sum();
	}

	/**
	 * How the inserts went.
	 * @return a summary, without a period
	 */
	String inserts() {
		long commitCount = this.insertCommits.sum();
		long rowCount = this.insertedRows.sum();
		StringBuilder summary = new StringBuilder("committed ").append(rowCount)
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

	/**
	 * How the deletes went.
	 * @return a summary, without a period
	 */
	String deletes() {
		long deleteCount = this.deleteCommits.sum();
		long deleted = this.deletedRows.sum();
		StringBuilder summary = new StringBuilder("deleted ").append(deleted)
			.append(" delivered row(s) in ")
			.append(deleteCount)
			.append(" commit(s)");
		if (deleteCount > 0) {
			summary.append(String.format(" (mean %.1f)", (double) deleted / deleteCount));
		}
		return summary.toString();
	}

}
