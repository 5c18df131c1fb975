package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.delivery.DeliveryProperties;
import io.unisights.spring.delivery.DeliveryStore;
import io.unisights.spring.delivery.DuplicateFilter;
import io.unisights.spring.delivery.QueueFullException;
import io.unisights.spring.delivery.StoredDelivery;
import io.unisights.wire.SingleLine;

/**
 * The database store ({@code unisights.delivery.store=jdbc}): an accepted item is a row of
 * {@code unisights_delivery}, committed before the request is answered.
 * <p>
 * Request threads hand their rows to the {@link GroupCommitter} and wait for its commit.
 * A row is inserted claimed by this instance, with a lease, and once committed goes
 * through the {@link Handoff} to this instance's own workers, as the accepted item itself:
 * no claim, no read-back. Rows inserted free (the handoff full) and rows of other
 * instances are claimed in batches ({@code SELECT … FOR UPDATE SKIP LOCKED}, as the
 * {@link JdbcDialect} words it). The {@link LeaseKeeper} renews the lease of every row
 * this instance holds while it lives. A row whose lease ran out, because its instance
 * died, is free again and is delivered by whichever instance claims it next, under its
 * original id. A delivered row is handed to the committer for deletion and the worker goes
 * on: the deletes of many workers share one commit with the inserts.
 * Until its delete committed the row stays this instance's (its lease renewed, never
 * handed to a worker again), however long the database takes to come back. An instance
 * that dies delivers again only the items its handlers were running and those whose
 * delete was not committed yet.
 * <p>
 * While the database fails or does not answer, the store refuses items at once (503) and
 * reports itself unavailable; it tells from its own calls, so that neither requests nor
 * health checks wait on the pool to learn it.
 */
final class JdbcDeliveryStore implements DeliveryStore {

	private static final Log logger = LogFactory.getLog(JdbcDeliveryStore.class);

	/** Most rows waiting in the {@link Handoff} for this instance's workers. */
	static final int HANDOFF_ITEMS = 1024;

	/** Most bytes of items waiting in the {@link Handoff}. */
	static final long HANDOFF_BYTES = 16L << 20;

	private static final byte[] NO_BYTES = {};

	private final JdbcDeliveryRepository repository;

	private final DeliveryProperties.Jdbc settings;

	private final Duration retryAfter;

	private final String instanceId = UUID.randomUUID().toString();

	private final StoreHealth health;

	private final GroupCommitter committer;

	private final LeaseKeeper keeper;

	private final RowClaims claims;

	private final Handoff handoff = new Handoff(HANDOFF_ITEMS, HANDOFF_BYTES);

	// What the bounds are checked against.
	private final TableCounts counts = new TableCounts();

	private volatile boolean open;

	JdbcDeliveryStore(JdbcDeliveryRepository repository, DeliveryProperties.Jdbc settings, Duration retryAfter) {
		this.repository = repository;
		this.settings = settings;
		this.retryAfter = retryAfter;
		this.health = new StoreHealth(settings.healthTimeout());
		// One committer for inserts and deletes: measured beside a second one that committed
		// the deletes on a connection of its own, it answered more requests (H2 serialises
		// the two commits' page writes, PostgreSQL flushes twice).
		this.committer = new GroupCommitter(repository, settings, this.health, listener(), "unisights-store-commit",
				settings.commitMaxWait());
		this.claims = new RowClaims(repository, this.instanceId, settings.lease(), settings.pollInterval(), this.health,
				settings.claimBatch());
		this.keeper = new LeaseKeeper(repository, this.instanceId, settings.lease(), this.health, this.claims::held,
				this::refreshCounts);
	}

	@Override
	public synchronized void open() {
		if (this.open) {
			return;
		}
		BoundedOpen.within(this.settings.openTimeout(), "opening the delivery store", () -> {
			this.repository.prepare();
			if (this.repository.dialect().inMemory(this.repository.url())) {
				warnOfRowsInTheHeap(Runtime.getRuntime().maxMemory());
			}
			refreshCounts();
			return null;
		});
		this.open = true;
		this.committer.start();
		this.keeper.start();
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

	@Override
	public boolean claimsKeys() {
		return true;
	}

	@Override
	public boolean add(StoredDelivery item, DuplicateFilter.@Nullable Claim claim) {
		int size = item.bytes().length;
		if (!this.counts.reserve(size, this.settings.maxRows(), this.settings.maxSize().toBytes())) {
			throw new QueueFullException("The delivery store is full (" + this.counts.rows() + " of "
					+ this.settings.maxRows() + " rows, " + this.counts.bytes() + " of " + this.settings.maxSize().toBytes()
					+ " bytes; unisights.delivery.jdbc.max-rows, unisights.delivery.jdbc.max-size)", false,
					this.retryAfter);
		}
		if (!this.open) {
			this.counts.unreserve(1, size);
			throw new QueueFullException("The delivery store is closed", true, this.retryAfter);
		}
		Availability availability = this.health.availability();
		if (!availability.available()) {
			// Each request would otherwise wait for the pool to give up on the database.
			this.counts.unreserve(1, size);
			throw new QueueFullException("The delivery store cannot commit: " + availability.problem(), false,
					this.retryAfter);
		}
		JdbcDialect.KeyClaim key = (claim != null)
				? new JdbcDialect.KeyClaim(claim.key(), System.currentTimeMillis() + claim.window().window().toMillis())
				: null;
		// Claimed for this instance as it is inserted, the row goes to its own workers once
		// committed; a live instance renews its lease, a dead one's runs out.
		boolean own = this.handoff.reserve(item.size());
		CompletableFuture<Long> committed = this.committer.insert(new JdbcDeliveryRepository.Insertion(item, key,
				own ? this.instanceId : null, own ? System.currentTimeMillis() + this.settings.lease().toMillis() : 0));
		if (own) {
			committed.whenComplete((seq, failure) -> {
				if (failure != null || seq == 0) {
					this.handoff.cancel(item.size());
				}
			});
		}
		try {
			// The committer counts the row, or uncounts the item, before it answers.
			return CommitWait.await(committed, this.settings.commitTimeout(), this.health) != 0;
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new QueueFullException("The delivery store could not commit the item: "
					+ StoreHealth.problem("commit", cause), false, this.retryAfter);
		}
		catch (CommitWait.StoreUnavailable ex) {
			// The commit may still happen: the counts stay until the committer says.
			throw new QueueFullException("The delivery store cannot commit: " + ex.getMessage(), false,
					this.retryAfter);
		}
		catch (TimeoutException ex) {
			// The commit may still happen: the counts stay until the committer says.
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

	private GroupCommitter.Listener listener() {
		return new GroupCommitter.Listener() {

			@Override
			public void beginning() {
				JdbcDeliveryStore.this.counts.beginning();
			}

			@Override
			public void committed(GroupCommitter.Commit commit) {
				JdbcDeliveryStore.this.committed(commit);
			}

			@Override
			public void failed(int submitted, long submittedBytes) {
				JdbcDeliveryStore.this.counts.ended(submitted, submittedBytes, 0, 0, 0, 0);
			}

		};
	}

	private void committed(GroupCommitter.Commit commit) {
		List<Long> deleted = commit.deleted();
		if (!deleted.isEmpty()) {
			this.claims.deleted(deleted);
		}
		this.counts.ended(commit.submitted(), commit.submittedBytes(), commit.claimed().size() + commit.free(),
				commit.insertedBytes(), deleted.size(), commit.deletedBytes());
		for (StoredDelivery row : commit.claimed()) {
			if (!this.claims.hold(row.seq())) {
				this.handoff.cancel(row.size());
				continue;
			}
			// A worker delivers the accepted item itself; its bytes are the table's.
			this.handoff.put((row.held() != null)
					? new StoredDelivery(row.seq(), row.id(), row.channel(), NO_BYTES, row.held(), row.size()) : row);
		}
		if (commit.free() > 0) {
			this.claims.freeRowsInserted();
		}
	}

	@Override
	public @Nullable StoredDelivery take(long timeoutMillis) throws InterruptedException {
		StoredDelivery item = next();
		if (item != null || !this.open) {
			return item;
		}
		item = this.handoff.poll(Math.max(1, Math.min(timeoutMillis, this.settings.pollInterval().toMillis())));
		return (item != null) ? item : next();
	}

	private @Nullable StoredDelivery next() {
		StoredDelivery item = this.handoff.poll();
		return (item != null) ? item : this.claims.claimIfDue();
	}

	@Override
	public void remove(StoredDelivery item) {
		this.committer.delete(item.seq(), item.size());
	}

	// Whether to count again soon: a count a commit overlapped would otherwise stand for the
	// next 5 s, and the queue size read rows delivered long since for as long.
	private boolean refreshCounts() {
		this.counts.refresh(this.repository::count);
		return this.counts.overlapped();
	}

	@Override
	public boolean durable() {
		return true;
	}

	@Override
	public Availability availability() {
		return this.open ? this.health.availability() : Availability.unavailable("the delivery store is closed");
	}

	@Override
	public List<StoredDelivery> close() {
		synchronized (this) {
			if (!this.open) {
				return List.of();
			}
			this.open = false;
		}
		List<Long> undeleted = this.committer.stop(10_000);
		this.keeper.stop(10_000);
		this.claims.clear();
		this.handoff.clear();
		Availability availability = this.health.availability();
		if (!availability.available()) {
			// Another call would only wait for the pool to give up.
			logger.warn("The delivery store's database is unavailable (" + availability.problem() + "): its claims "
					+ "are free once their lease ends"
					+ ((undeleted == null || undeleted.isEmpty()) ? ""
							: ", and " + undeleted.size() + " delivered row(s) will be delivered again"));
			logger.info(statistics());
			return List.of();
		}
		try {
			// Rows claimed but not delivered are free for the next instance at once.
			this.repository.deleteAndRelease(this.instanceId, (undeleted != null) ? undeleted : List.of());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release the delivery store's claims; they are free once their lease ends"
					+ ((undeleted != null && !undeleted.isEmpty())
							? ", and " + undeleted.size() + " delivered row(s) will be delivered again" : "")
					+ ": " + SingleLine.escape(ex.getMessage()));
		}
		logger.info(statistics());
		return List.of();
	}

	/**
	 * How the group commit went, for the log and for tuning.
	 * @return a one-line summary
	 */
	String statistics() {
		CommitStatistics statistics = this.committer.statistics();
		return "Delivery store " + statistics.inserts() + "; " + statistics.deletes() + "; " + statistics.commits()
				+ " commit(s) in all";
	}

	CommitStatistics committed() {
		return this.committer.statistics();
	}

	@Override
	public int size() {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(0, this.counts.rows()));
	}

	@Override
	public int capacity() {
		return (int) Math.min(Integer.MAX_VALUE, this.settings.maxRows());
	}

	/**
	 * Records one key on its own, in its own transaction: the windows that are not tied
	 * to an item (an ingest request's message id).
	 * @return whether the key was new
	 */
	boolean claimKey(String key, long windowMillis) {
		long now = System.currentTimeMillis();
		return tracked("claiming a key", () -> this.repository.claimKey(key, now + windowMillis, now));
	}

	boolean containsKey(String key) {
		return tracked("reading a key", () -> this.repository.containsKey(key, System.currentTimeMillis()));
	}

	void releaseKey(String key) {
		tracked("releasing a key", () -> {
			this.repository.releaseKey(key);
			return true;
		});
	}

	private boolean tracked(String what, BooleanSupplier work) {
		StoreHealth.Call call = this.health.begin(what);
		try {
			boolean result = work.getAsBoolean();
			call.succeeded();
			return result;
		}
		catch (RuntimeException ex) {
			call.failed(ex);
			throw ex;
		}
	}

}
