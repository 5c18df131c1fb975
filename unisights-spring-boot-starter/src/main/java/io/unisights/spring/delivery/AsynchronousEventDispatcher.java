package io.unisights.spring.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.beacon.BeaconSource;
import io.unisights.deadletter.DeadLetterSink;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.wire.SingleLine;

import org.springframework.context.SmartLifecycle;

/**
 * Puts items in a bounded {@link DeliveryStore} and answers once the store took them;
 * worker threads run the handlers, retry failures with backoff, and hand what still fails
 * to the {@link DeadLetterSink}. A full store refuses the item ({@link QueueFullException},
 * answered 503) rather than dropping it.
 * <p>
 * On shutdown it stops accepting and lets the workers drain the store for up to the
 * shutdown timeout. What is left stays in a durable store, to be delivered after the
 * restart; a memory store's remainder is dead-lettered, so that every accepted item ends
 * delivered, dead-lettered or still stored. It stops after the web server (a lower
 * phase), so requests still in progress can be stored and drained.
 */
final class AsynchronousEventDispatcher extends ObservedEventDispatcher implements SmartLifecycle {

	/** Stops after the web server's graceful shutdown (phase {@code DEFAULT_PHASE - 1024}). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(AsynchronousEventDispatcher.class);

	private static final long POLL_MILLIS = 100;

	/** How long workers get to notice an interrupt once the shutdown timeout ran out. */
	private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

	private static final String SHUTDOWN_ERROR = "Not delivered before shutdown (unisights.delivery.shutdown-timeout)";

	private final HandlerChain handlers;

	private final RetryPolicy retryPolicy;

	private final DeadLetterWriter deadLetters;

	private final DeliveryStore store;

	private final DeliveryCodec codec;

	private final int workerCount;

	private final ThreadFactory threadFactory;

	private final Duration shutdownTimeout;

	private final Duration retryAfter;

	// Dispatching threads hold the read side while they check "accepting" and offer, so
	// that once stop() holds the write side no item can slip into a queue nobody drains.
	private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

	private final Set<PendingDelivery> inFlight = ConcurrentHashMap.newKeySet();

	// Items a worker finished with after shutdown abandoned it; stop() writes them, since a
	// worker may have been interrupted and an interrupted thread cannot write to a
	// FileChannel (ClosedByInterruptException, which also closes the file for everyone).
	private final Set<PendingDelivery> handedBack = ConcurrentHashMap.newKeySet();

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean accepting;

	private volatile boolean abandoned;

	private volatile boolean running;

	AsynchronousEventDispatcher(HandlerChain handlers, RetryPolicy retryPolicy, DeadLetterSink<Receipt> deadLetters,
			DeliveryMetrics metrics, @Nullable DuplicateFilter duplicates, DeliveryStore store, DeliveryCodec codec,
			int workers, ThreadFactory threadFactory, Duration shutdownTimeout, Duration retryAfter) {
		super(metrics, duplicates);
		this.handlers = handlers;
		this.retryPolicy = retryPolicy;
		this.deadLetters = new DeadLetterWriter(deadLetters, metrics);
		this.store = store;
		this.codec = codec;
		this.workerCount = workers;
		this.threadFactory = threadFactory;
		this.shutdownTimeout = shutdownTimeout;
		this.retryAfter = retryAfter;
	}

	@Override
	DispatchResult accept(Delivery delivery, @Nullable BeaconSource source, DuplicateFilter.@Nullable Claim claim) {
		Channel channel = delivery.channel();
		StoredDelivery item = this.store.holdsDeliveries() ? this.codec.hold(delivery, source)
				: this.codec.storeKeeping(delivery, source);
		this.gate.readLock().lock();
		try {
			if (!this.accepting) {
				metrics().rejected(channel, DeliveryMetrics.Reason.SHUTTING_DOWN);
				throw new QueueFullException("The collector is not accepting items (stopping or not started)", true,
						this.retryAfter);
			}
			try {
				if (!this.store.add(item, delivery.partitionKey(), claim)) {
					return DispatchResult.DUPLICATE;
				}
			}
			catch (QueueFullException ex) {
				metrics().rejected(channel, DeliveryMetrics.Reason.QUEUE_FULL);
				throw ex;
			}
			metrics().count(DeliveryMetrics.Counter.ACCEPTED, channel);
		}
		finally {
			this.gate.readLock().unlock();
		}
		return DispatchResult.QUEUED;
	}

	@Override
	boolean claimsWithItem() {
		return this.store.claimsKeys();
	}

	/** The store behind the queue, for the health indicator and the queue gauges to read. */
	DeliveryStore store() {
		return this.store;
	}

	@Override
	public void start() {
		synchronized (this.workers) {
			if (this.running) {
				return;
			}
			this.abandoned = false;
			this.store.open();
			this.accepting = true;
			for (int i = 0; i < this.workerCount; i++) {
				Thread worker = this.threadFactory.newThread(this::work);
				this.workers.add(worker);
				worker.start();
			}
			this.running = true;
		}
	}

	@Override
	public void stop() {
		synchronized (this.workers) {
			if (!this.running) {
				return;
			}
			this.gate.writeLock().lock();
			try {
				this.accepting = false;
			}
			finally {
				this.gate.writeLock().unlock();
			}
			int queued = this.store.size();
			if (queued > 0) {
				logger.info("Draining " + queued + " queued item(s) for up to " + this.shutdownTimeout);
			}
			if (!joinWorkers(this.shutdownTimeout)) {
				this.abandoned = true;
				this.deadLetters.betweenWrites(() -> this.workers.forEach(Thread::interrupt));
				joinWorkers(INTERRUPT_GRACE);
			}
			List<PendingDelivery> remaining = new ArrayList<>();
			for (StoredDelivery stored : this.store.close()) {
				PendingDelivery item = restore(stored);
				if (item != null) {
					remaining.add(item);
				}
			}
			// Items of workers still stuck in a handler, and of those that gave up on
			// them; settle() keeps a late success from counting them twice. A durable
			// store keeps them, to be delivered again after the restart.
			if (!this.store.durable()) {
				remaining.addAll(this.inFlight);
			}
			remaining.addAll(this.handedBack);
			this.handedBack.clear();
			int deadLettered = 0;
			for (PendingDelivery item : remaining) {
				if (this.deadLetters.write(item, SHUTDOWN_ERROR, DeliveryMetrics.Reason.SHUTTING_DOWN)) {
					deadLettered++;
				}
			}
			if (deadLettered > 0) {
				logger.warn(deadLettered + " item(s) not delivered before shutdown were written to the dead-letter sink");
			}
			this.workers.clear();
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private boolean joinWorkers(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (Thread worker : this.workers) {
				long left = deadline - System.nanoTime();
				if (left > 0) {
					TimeUnit.NANOSECONDS.timedJoin(worker, left);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.workers.stream().noneMatch(Thread::isAlive);
	}

	private void work() {
		while (!this.abandoned) {
			StoredDelivery stored;
			try {
				stored = this.store.take(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				continue;
			}
			catch (RuntimeException ex) {
				// A database store that cannot be reached keeps its rows; try again later.
				logger.warn("Could not take items from the delivery store: " + SingleLine.escape(ex.getMessage()));
				pause();
				continue;
			}
			if (stored == null) {
				if (!this.accepting) {
					return;
				}
				continue;
			}
			PendingDelivery item = restore(stored);
			if (item == null) {
				this.store.remove(stored);
				continue;
			}
			this.inFlight.add(item);
			try {
				if (process(item)) {
					this.store.remove(stored);
				}
			}
			finally {
				this.inFlight.remove(item);
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(POLL_MILLIS);
		}
		catch (InterruptedException ex) {
			// Checked by the loop through "abandoned".
		}
	}

	/**
	 * Decodes a stored item; one that cannot be decoded any more is dead-lettered as it
	 * was stored.
	 * @return the item, or {@code null} if it went to the dead-letter sink
	 */
	private @Nullable PendingDelivery restore(StoredDelivery stored) {
		try {
			return new PendingDelivery(this.codec.restore(stored));
		}
		catch (DeliveryCodec.UnrestorableException ex) {
			this.deadLetters.writeUnrestorable(ex);
			return null;
		}
		catch (RuntimeException ex) {
			logger.error("Dropped stored " + stored.channel().wireName() + " delivery " + SingleLine.escape(stored.id())
					+ " that is not a stored item: " + SingleLine.escape(ex.getMessage()));
			return null;
		}
	}

	/**
	 * Delivers or dead-letters an item.
	 * @return whether the item is settled and can leave the store; {@code false} when
	 * shutdown abandoned it and a durable store keeps it for the next start
	 */
	private boolean process(PendingDelivery item) {
		Channel channel = item.delivery().channel();
		boolean delivered;
		try {
			delivered = this.handlers.deliver(item, this.retryPolicy, () -> this.abandoned);
		}
		catch (InterruptedException ex) {
			delivered = false;
		}
		// Only stop() interrupts, and only to end the drain; what follows must not fail
		// for it.
		Thread.interrupted();
		if (delivered) {
			if (item.settle()) {
				metrics().count(DeliveryMetrics.Counter.DELIVERED, channel);
			}
			return true;
		}
		boolean kept = this.deadLetters.writeUnlessKept(() -> keepAbandoned(item), item, SHUTDOWN_ERROR);
		return !(kept && this.store.durable());
	}

	/**
	 * Keeps an item that shutdown abandoned: a durable store keeps it for the next start,
	 * stop() writes a memory store's (see handedBack).
	 * @return whether the item was abandoned
	 */
	private boolean keepAbandoned(PendingDelivery item) {
		if (!this.abandoned) {
			return false;
		}
		if (!this.store.durable()) {
			this.handedBack.add(item);
		}
		return true;
	}

}
