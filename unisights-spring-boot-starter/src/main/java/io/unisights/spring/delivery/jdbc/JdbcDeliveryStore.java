package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
 * Workers claim free rows in batches ({@code SELECT … FOR UPDATE SKIP LOCKED}, as the
 * {@link JdbcDialect} words it) and mark them with this instance's id and a lease, which
 * the {@link LeaseKeeper} renews while the instance lives. A row whose lease ran out,
 * because its instance died, is free again and is delivered by whichever instance claims
 * it next, under its original id. A delivered row is handed to the committer for deletion
 * and the worker goes on: the deletes of many workers share one commit with the inserts.
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

	private static final long REPEAT_WARNING_MILLIS = 30_000;

	private final JdbcDeliveryRepository repository;

	private final DeliveryProperties.Jdbc settings;

	private final Duration retryAfter;

	private final String instanceId = UUID.randomUUID().toString();

	private final StoreHealth health;

	private final GroupCommitter committer;

	private final LeaseKeeper keeper;

	private final ArrayBlockingQueue<StoredDelivery> claimed;

	private final ReentrantLock claiming = new ReentrantLock();

	private final Object newRows = new Object();

	// Rows this instance claimed whose delete has not committed yet: in the claimed
	// buffer, in a worker's hands, or delivered and waiting for the committer.
	private final Set<Long> held = ConcurrentHashMap.newKeySet();

	// What this instance believes the table holds: refreshed from the table now and then,
	// moved by its own inserts and deletes in between. Bounds are checked against it.
	private final AtomicLong rows = new AtomicLong();

	private final AtomicLong bytes = new AtomicLong();

	// Items handed to the committer and not committed or failed yet, which a count of the
	// table does not see.
	private final AtomicLong waitingRows = new AtomicLong();

	private final AtomicLong waitingBytes = new AtomicLong();

	private volatile boolean open;

	private volatile long lastClaimWarning;

	JdbcDeliveryStore(JdbcDeliveryRepository repository, DeliveryProperties.Jdbc settings, Duration retryAfter) {
		this.repository = repository;
		this.settings = settings;
		this.retryAfter = retryAfter;
		this.health = new StoreHealth(settings.healthTimeout());
		this.committer = new GroupCommitter(repository, settings, this.health, this::committed);
		this.keeper = new LeaseKeeper(repository, this.instanceId, settings.lease(), this.health, () -> this.held,
				this::refreshCounts);
		this.claimed = new ArrayBlockingQueue<>(settings.claimBatch());
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
		Availability availability = this.health.availability();
		if (!availability.available()) {
			// Each request would otherwise wait for the pool to give up on the database.
			forget(1, size);
			throw new QueueFullException("The delivery store cannot commit: " + availability.problem(), false,
					this.retryAfter);
		}
		JdbcDialect.KeyClaim key = (claim != null)
				? new JdbcDialect.KeyClaim(claim.key(), System.currentTimeMillis() + claim.window().window().toMillis())
				: null;
		this.waitingRows.incrementAndGet();
		this.waitingBytes.addAndGet(size);
		CompletableFuture<Boolean> committed = this.committer.insert(item, key);
		try {
			boolean stored = committed.get(this.settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
			if (!stored) {
				forget(1, size);
			}
			return stored;
		}
		catch (ExecutionException ex) {
			forget(1, size);
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new QueueFullException("The delivery store could not commit the item: "
					+ StoreHealth.problem("commit", cause), false, this.retryAfter);
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
		finally {
			if (committed.isDone()) {
				this.waitingRows.decrementAndGet();
				this.waitingBytes.addAndGet(-size);
			}
			else {
				committed.whenComplete((stored, failure) -> {
					this.waitingRows.decrementAndGet();
					this.waitingBytes.addAndGet(-size);
				});
			}
		}
	}

	private void forget(long rowCount, long size) {
		this.rows.addAndGet(-rowCount);
		this.bytes.addAndGet(-size);
	}

	private void committed(int insertedRows, long insertedBytes, List<Long> deleted, long deletedBytes) {
		if (!deleted.isEmpty()) {
			forget(deleted.size(), deletedBytes);
			deleted.forEach(this.held::remove);
		}
		if (insertedRows > 0) {
			synchronized (this.newRows) {
				this.newRows.notifyAll();
			}
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
		StoreHealth.Call call = this.health.begin("claim");
		List<StoredDelivery> found;
		try {
			found = this.repository.claim(this.instanceId, room, now, now + this.settings.lease().toMillis());
			call.succeeded();
		}
		catch (RuntimeException ex) {
			call.failed(ex);
			// The rows stay in the table; the next claim takes them once the database answers.
			if (now - this.lastClaimWarning >= REPEAT_WARNING_MILLIS) {
				this.lastClaimWarning = now;
				logger.warn("Could not claim rows of the delivery store: " + SingleLine.escape(ex.getMessage()));
			}
			return;
		}
		for (StoredDelivery row : found) {
			// A row this instance still holds came back because its lease ran out while the
			// database was away: it is in a worker's hands or delivered, never handed twice.
			if (this.held.add(row.seq())) {
				this.claimed.add(row);
			}
		}
	}

	@Override
	public void remove(StoredDelivery item) {
		this.committer.delete(item.seq(), item.bytes().length);
	}

	private void refreshCounts() {
		JdbcDeliveryRepository.Counts counts = this.repository.count();
		// Rows this instance committed or deleted since are counted by the table now;
		// rows waiting for the committer are not, so they are added back.
		this.rows.set(counts.rows() + this.waitingRows.get());
		this.bytes.set(counts.bytes() + this.waitingBytes.get());
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
		this.claimed.clear();
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
		return this.committer.statistics();
	}

	long committedRows() {
		return this.committer.insertedRows();
	}

	long commits() {
		return this.committer.insertCommits();
	}

	long deletedRows() {
		return this.committer.deletedRows();
	}

	long deleteCommits() {
		return this.committer.deleteCommits();
	}

	@Override
	public int size() {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(0, this.rows.get()));
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
