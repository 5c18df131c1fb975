package io.unisights.spring.delivery.jdbc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link GroupCommitter} committed: rows and commits, and how large the batches
 * were, for the log at shutdown and for tuning {@code commit-max-batch} and
 * {@code commit-max-wait}.
 */
final class CommitStatistics {

	private final Tally inserts = new Tally();

	private final Tally deletes = new Tally();

	private final LongAdder commits = new LongAdder();

	private final AtomicLong largestBatch = new AtomicLong();

	// Rows per insert commit: 1, 2-3, 4-7, … 128 and more.
	private final int[] batchSizes = new int[8];

	void record(int inserted, int deleted) {
		this.commits.increment();
		if (inserted > 0) {
			this.inserts.add(inserted);
			this.largestBatch.accumulateAndGet(inserted, Math::max);
			int bucket = Math.min(31 - Integer.numberOfLeadingZeros(inserted), this.batchSizes.length - 1);
			synchronized (this.batchSizes) {
				this.batchSizes[bucket]++;
			}
		}
		if (deleted > 0) {
			this.deletes.add(deleted);
		}
	}

	long insertedRows() {
		return this.inserts.rows.sum();
	}

	long insertCommits() {
		return this.inserts.commits.sum();
	}

	long deletedRows() {
		return this.deletes.rows.sum();
	}

	long deleteCommits() {
		return this.deletes.commits.sum();
	}

	long commits() {
		return this.commits.sum();
	}

	/**
	 * How the inserts went.
	 * @return a summary, without a period
	 */
	String inserts() {
		StringBuilder summary = this.inserts.summary("committed", "row(s)");
		if (this.inserts.commits.sum() > 0) {
			summary.append(String.format(" (mean batch %.1f, largest %d; batches by size", this.inserts.mean(),
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
		StringBuilder summary = this.deletes.summary("deleted", "delivered row(s)");
		if (this.deletes.commits.sum() > 0) {
			summary.append(String.format(" (mean %.1f)", this.deletes.mean()));
		}
		return summary.toString();
	}

	/** Rows of one kind and the commits that held any. */
	private static final class Tally {

		final LongAdder commits = new LongAdder();

		final LongAdder rows = new LongAdder();

		void add(int count) {
			this.commits.increment();
			this.rows.add(count);
		}

		double mean() {
			return (double) this.rows.sum() / this.commits.sum();
		}

		StringBuilder summary(String verb, String what) {
			return new StringBuilder(verb).append(' ')
				.append(this.rows.sum())
				.append(' ')
				.append(what)
				.append(" in ")
				.append(this.commits.sum())
				.append(" commit(s)");
		}

	}

}
