package io.unisights.spring.delivery.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.wire.SingleLine;

/**
 * The store's background thread: renews the lease of every row this instance holds (a
 * third of the lease at a time, and on every tick after a renewal failed), asks the
 * database for an answer whenever nothing else got one for a second (so that health
 * learns of an outage while the store is idle), refreshes the row counts, re-checks the
 * database's settings and purges expired keys.
 */
final class LeaseKeeper {

	private static final Log logger = LogFactory.getLog(LeaseKeeper.class);

	private static final long PROBE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long COUNT_EVERY_MILLIS = 5_000;

	private static final long RECHECK_EVERY_MILLIS = 1_000;

	private static final long PURGE_EVERY_MILLIS = 60_000;

	private static final long REPEAT_WARNING_MILLIS = 30_000;

	private final JdbcDeliveryRepository repository;

	private final String instanceId;

	private final Duration lease;

	private final StoreHealth health;

	private final Supplier<Collection<Long>> held;

	private final BooleanSupplier refreshCounts;

	// The keeper thread's own: whether the last count was overlapped by a commit.
	private boolean countAgain;

	private volatile boolean running;

	private @Nullable Thread thread;

	private long lastWarning;

	/**
	 * Creates the keeper.
	 * @param repository the store's SQL
	 * @param instanceId the instance whose claims it renews
	 * @param lease how long a claim lasts unrenewed
	 * @param health where the outcome of each call goes
	 * @param held the rows this instance holds now: claimed and not deleted yet
	 * @param refreshCounts reads the table's counts into the store's bounds, and tells
	 * whether to count again at the next tick rather than after the usual pause
	 */
	LeaseKeeper(JdbcDeliveryRepository repository, String instanceId, Duration lease, StoreHealth health,
			Supplier<Collection<Long>> held, BooleanSupplier refreshCounts) {
		this.repository = repository;
		this.instanceId = instanceId;
		this.lease = lease;
		this.health = health;
		this.held = held;
		this.refreshCounts = refreshCounts;
	}

	synchronized void start() {
		if (this.thread == null) {
			this.running = true;
			Thread keeper = new Thread(this::run, "unisights-store-lease");
			keeper.setDaemon(true);
			keeper.start();
			this.thread = keeper;
		}
	}

	void stop(long timeoutMillis) {
		Thread keeper;
		synchronized (this) {
			keeper = this.thread;
			this.running = false;
		}
		if (keeper != null) {
			keeper.interrupt();
			try {
				keeper.join(timeoutMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void run() {
		long renewEvery = Math.max(10, this.lease.toMillis() / 3);
		long tick = Math.min(renewEvery, 1000);
		long lastRenew = System.currentTimeMillis();
		boolean renewFailed = false;
		long lastCount = lastRenew;
		long lastRecheck = lastRenew;
		long lastPurge = 0;
		while (this.running) {
			try {
				Thread.sleep(tick);
			}
			catch (InterruptedException ex) {
				continue;
			}
			long now = System.currentTimeMillis();
			// Only calls that reach the database are made and recorded: a renewal of nothing
			// must not pass for an answer while the database is down.
			List<Long> seqs = new ArrayList<>(this.held.get());
			if (seqs.isEmpty()) {
				renewFailed = false;
				lastRenew = now;
			}
			else if (renewFailed || now - lastRenew >= renewEvery) {
				renewFailed = !call("renewing leases", () -> this.repository.renew(this.instanceId, seqs,
						System.currentTimeMillis() + this.lease.toMillis()));
				if (!renewFailed) {
					lastRenew = now;
				}
			}
			if (this.health.nanosSinceSuccess() >= PROBE_AFTER_NANOS && !call("probe", this.repository::probe)) {
				continue;
			}
			if ((this.countAgain || now - lastCount >= COUNT_EVERY_MILLIS)
					&& housekeeping("counting rows", () -> this.countAgain = this.refreshCounts.getAsBoolean())) {
				lastCount = now;
			}
			if (this.repository.rechecks() && now - lastRecheck >= RECHECK_EVERY_MILLIS
					&& call("checking settings", this.repository::recheck)) {
				lastRecheck = now;
			}
			if (now - lastPurge >= PURGE_EVERY_MILLIS && housekeeping("purging keys",
					() -> this.repository.purgeExpiredKeys(System.currentTimeMillis()))) {
				lastPurge = now;
			}
		}
	}

	private boolean call(String what, Runnable work) {
		return run(this.health.begin(what), work);
	}

	private boolean housekeeping(String what, Runnable work) {
		return run(this.health.beginUnwatched(what), work);
	}

	private boolean run(StoreHealth.Call call, Runnable work) {
		String what = call.what();
		try {
			work.run();
			call.succeeded();
			return true;
		}
		catch (RuntimeException ex) {
			call.failed(ex);
			long now = System.currentTimeMillis();
			if (now - this.lastWarning >= REPEAT_WARNING_MILLIS) {
				this.lastWarning = now;
				logger.warn("The delivery store's database failed while " + what + ": " + SingleLine.escape(ex.getMessage()));
			}
			return false;
		}
	}

}
