package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.StoredDelivery;
import io.unisights.wire.SingleLine;

/**
 * The store's one writer: request threads hand it rows to insert and wait for its commit,
 * workers hand it the rows they delivered and go on. It commits whatever has gathered (up
 * to {@code commit-max-batch} items, waiting at most its gather time for more) in one
 * transaction, so concurrent requests and workers share one commit and one flush.
 * <p>
 * A delete whose commit failed is kept and tried again with every following commit, and
 * on its own with a growing pause while nothing else comes, until the database takes it:
 * the row stays this instance's (its lease is renewed, no worker gets it again) until it
 * is gone.
 */
final class GroupCommitter {

	private static final Log logger = LogFactory.getLog(GroupCommitter.class);

	private static final long MIN_RETRY_MILLIS = 100;

	private static final long MAX_RETRY_MILLIS = 2000;

	private static final long REPEAT_WARNING_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final JdbcDeliveryRepository repository;

	private final DeliveryProperties.Jdbc settings;

	private final StoreHealth health;

	private final Listener listener;

	private final String threadName;

	private final long gatherNanos;

	private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();

	// The committer thread's own: deletes a failed commit left, tried again until they pass.
	private final List<Delete> carried = new ArrayList<>();

	private final CommitStatistics statistics = new CommitStatistics();

	private volatile boolean running;

	private @Nullable Thread thread;

	private long retryAt;

	private long retryMillis = MIN_RETRY_MILLIS;

	private long lastWarning;

	private int failedDeletes;

	/**
	 * Creates a committer.
	 * @param repository the SQL
	 * @param settings the store's settings
	 * @param health where each commit is recorded
	 * @param listener told of every commit
	 * @param threadName the name of the committer's thread
	 * @param gather longest wait for more items once one came
	 */
	GroupCommitter(JdbcDeliveryRepository repository, DeliveryProperties.Jdbc settings, StoreHealth health,
			Listener listener, String threadName, Duration gather) {
		this.repository = repository;
		this.settings = settings;
		this.health = health;
		this.listener = listener;
		this.threadName = threadName;
		this.gatherNanos = gather.toNanos();
	}

	synchronized void start() {
		if (this.thread == null) {
			this.running = true;
			Thread committer = new Thread(this::run, this.threadName);
			committer.setDaemon(true);
			committer.start();
			this.thread = committer;
		}
	}

	/**
	 * Queues an item for the next commit.
	 * @param insertion the item, its duplicate key and its claim
	 * @return completed once committed: with the row's position in the table, or
	 * {@code 0} when its key was recorded already and it was not stored; exceptionally
	 * when the commit failed
	 */
	CompletableFuture<Long> insert(JdbcDeliveryRepository.Insertion insertion) {
		Insert insert = new Insert(insertion, new CompletableFuture<>());
		this.queue.add(insert);
		return insert.stored();
	}

	/**
	 * Queues a delivered row's delete; the caller does not wait for it.
	 * @param seq the row
	 * @param size bytes of its item
	 */
	void delete(long seq, long size) {
		this.queue.add(new Delete(seq, size));
	}

	/**
	 * Stops once what is queued was committed (or failed).
	 * @param timeoutMillis longest wait for the thread
	 * @return the rows delivered whose delete never committed, for the caller's last try;
	 * {@code null} if the thread did not stop in time
	 */
	@Nullable List<Long> stop(long timeoutMillis) {
		Thread committer;
		synchronized (this) {
			committer = this.thread;
			this.running = false;
		}
		if (committer == null) {
			return List.of();
		}
		try {
			committer.join(timeoutMillis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (committer.isAlive()) {
			return null;
		}
		List<Long> left = new ArrayList<>();
		this.carried.forEach((delete) -> left.add(delete.seq()));
		return left;
	}

	private void run() {
		List<Work> batch = new ArrayList<>(this.settings.commitMaxBatch());
		while (this.running || !this.queue.isEmpty()) {
			try {
				Work first = this.queue.poll(waitMillis(), TimeUnit.MILLISECONDS);
				if (first == null && !retryDue()) {
					continue;
				}
				if (first != null) {
					batch.add(first);
					gather(batch);
				}
				commit(batch);
			}
			catch (InterruptedException ex) {
				// Nothing interrupts this thread; the loop ends through "running".
			}
			catch (RuntimeException ex) {
				logger.warn("Delivery store commit failed: " + SingleLine.escape(ex.getMessage()));
			}
			finally {
				batch.clear();
			}
		}
	}

	private long waitMillis() {
		if (this.carried.isEmpty()) {
			return 50;
		}
		return Math.max(1, Math.min(50, this.retryAt - System.currentTimeMillis()));
	}

	private boolean retryDue() {
		return !this.carried.isEmpty() && System.currentTimeMillis() >= this.retryAt;
	}

	private void gather(List<Work> batch) throws InterruptedException {
		int max = this.settings.commitMaxBatch();
		this.queue.drainTo(batch, max - batch.size());
		long waitNanos = this.gatherNanos;
		if (waitNanos <= 0) {
			return;
		}
		long deadline = System.nanoTime() + waitNanos;
		while (batch.size() < max) {
			long left = deadline - System.nanoTime();
			Work next = (left > 0) ? this.queue.poll(left, TimeUnit.NANOSECONDS) : null;
			if (next == null) {
				return;
			}
			batch.add(next);
			this.queue.drainTo(batch, max - batch.size());
		}
	}

	private void commit(List<Work> batch) {
		List<Insert> inserts = new ArrayList<>(batch.size());
		List<Delete> deletes = new ArrayList<>(this.carried);
		for (Work work : batch) {
			if (work instanceof Insert insert) {
				inserts.add(insert);
			}
			else {
				deletes.add((Delete) work);
			}
		}
		List<JdbcDeliveryRepository.Insertion> insertions = new ArrayList<>(inserts.size());
		inserts.forEach((insert) -> insertions.add(insert.insertion()));
		long submittedBytes = 0;
		for (Insert insert : inserts) {
			submittedBytes += insert.insertion().item().bytes().length;
		}
		this.listener.beginning();
		StoreHealth.Call call = this.health.begin("commit");
		long[] seqs;
		try {
			seqs = this.repository.commit(insertions, deleted(deletes), System.currentTimeMillis());
			call.succeeded();
		}
		catch (RuntimeException ex) {
			call.failed(ex);
			this.listener.failed(inserts.size(), submittedBytes);
			inserts.forEach((insert) -> insert.stored().completeExceptionally(ex));
			keepForRetry(inserts.size(), deletes, ex);
			return;
		}
		this.carried.clear();
		this.retryMillis = MIN_RETRY_MILLIS;
		if (this.failedDeletes > 0) {
			logger.info("Deleted the " + this.failedDeletes + " delivered row(s) the delivery store's database had "
					+ "refused to delete");
			this.failedDeletes = 0;
		}
		List<StoredDelivery> claimed = new ArrayList<>();
		int free = 0;
		long storedBytes = 0;
		for (int i = 0; i < seqs.length; i++) {
			if (seqs[i] != 0) {
				JdbcDeliveryRepository.Insertion insertion = inserts.get(i).insertion();
				StoredDelivery item = insertion.item();
				storedBytes += item.bytes().length;
				if (insertion.claimedBy() != null) {
					claimed.add(new StoredDelivery(seqs[i], item.id(), item.channel(), item.bytes(), item.held(),
							item.size()));
				}
				else {
					free++;
				}
			}
		}
		long deletedBytes = 0;
		for (Delete delete : deletes) {
			deletedBytes += delete.size();
		}
		List<Long> deletedSeqs = deleted(deletes);
		this.statistics.record(claimed.size() + free, deletes.size());
		this.listener.committed(new Commit(claimed, free, storedBytes, inserts.size(), submittedBytes, deletedSeqs,
				deletedBytes));
		for (int i = 0; i < seqs.length; i++) {
			inserts.get(i).stored().complete(seqs[i]);
		}
	}

	private static List<Long> deleted(List<Delete> deletes) {
		List<Long> seqs = new ArrayList<>(deletes.size());
		deletes.forEach((delete) -> seqs.add(delete.seq()));
		return seqs;
	}

	private void keepForRetry(int refused, List<Delete> deletes, RuntimeException ex) {
		this.carried.clear();
		this.carried.addAll(deletes);
		if (!deletes.isEmpty()) {
			this.retryAt = System.currentTimeMillis() + this.retryMillis;
			this.retryMillis = Math.min(MAX_RETRY_MILLIS, this.retryMillis * 2);
			this.failedDeletes = Math.max(this.failedDeletes, deletes.size());
		}
		long now = System.nanoTime();
		if (this.lastWarning == 0 || now - this.lastWarning > REPEAT_WARNING_NANOS) {
			this.lastWarning = now;
			logger.warn("Delivery store commit failed (" + refused + " item(s) answered 503"
					+ (deletes.isEmpty() ? ""
							: "; " + deletes.size() + " delivered row(s) whose delete failed stay this instance's and "
									+ "are deleted once the database takes them")
					+ "): " + SingleLine.escape(ex.getMessage()));
		}
	}

	/**
	 * What this committer committed so far.
	 * @return its counts
	 */
	CommitStatistics statistics() {
		return this.statistics;
	}

	/** Told of every commit, on the committer's thread, before the waiting requests are. */
	interface Listener {

		/** A commit is about to begin. */
		void beginning();

		/**
		 * A commit went through.
		 * @param commit what it inserted and deleted
		 */
		void committed(Commit commit);

		/**
		 * A commit failed: nothing it held was inserted or deleted.
		 * @param submitted items it was to insert
		 * @param submittedBytes their bytes
		 */
		void failed(int submitted, long submittedBytes);

	}

	/**
	 * What a commit did.
	 *
	 * @param claimed rows inserted claimed by their instance, each with its position
	 * @param free how many rows were inserted free
	 * @param insertedBytes bytes of items inserted
	 * @param submitted items it was to insert, inserted or (a duplicate key) not
	 * @param submittedBytes their bytes
	 * @param deleted rows deleted
	 * @param deletedBytes what the deleted rows' items counted
	 */
	record Commit(List<StoredDelivery> claimed, int free, long insertedBytes, int submitted, long submittedBytes,
			List<Long> deleted, long deletedBytes) {

	}

	private sealed interface Work permits Insert, Delete {

	}

	private record Insert(JdbcDeliveryRepository.Insertion insertion, CompletableFuture<Long> stored)
			implements Work {

	}

	private record Delete(long seq, long size) implements Work {

	}

}
