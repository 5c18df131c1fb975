package io.unisights.spring.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;

import org.springframework.context.SmartLifecycle;

/**
 * Queues items in a bounded queue and answers at once; worker threads run the handlers,
 * retry failures with backoff, and hand what still fails to the {@link DeadLetterSink}.
 * A full queue refuses the item ({@link QueueFullException}, answered 503) rather than
 * dropping it.
 * <p>
 * On shutdown it stops accepting, lets the workers drain the queue for up to the
 * shutdown timeout, then dead-letters whatever is left, so that every accepted item ends
 * either delivered or dead-lettered. It stops after the web server (a lower phase), so
 * requests still in progress can be queued and drained.
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

	private final DeadLetterSink deadLetters;

	private final DeliveryObserver observer;

	private final ArrayBlockingQueue<PendingDelivery> queue;

	private final int workerCount;

	private final ThreadFactory threadFactory;

	private final Duration shutdownTimeout;

	private final Duration retryAfter;

	// Dispatching threads hold the read side while they check "accepting" and offer, so
	// that once stop() holds the write side no item can slip into a queue nobody drains.
	private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

	private final Set<PendingDelivery> inFlight = ConcurrentHashMap.newKeySet();

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean accepting;

	private volatile boolean abandoned;

	private volatile boolean running;

	AsynchronousEventDispatcher(HandlerChain handlers, RetryPolicy retryPolicy, DeadLetterSink deadLetters,
			DeliveryObserver observer, @Nullable DuplicateFilter duplicates, int queueCapacity, int workers,
			ThreadFactory threadFactory, Duration shutdownTimeout, Duration retryAfter) {
		super(observer, duplicates);
		this.handlers = handlers;
		this.retryPolicy = retryPolicy;
		this.deadLetters = deadLetters;
		this.observer = observer;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.workerCount = workers;
		this.threadFactory = threadFactory;
		this.shutdownTimeout = shutdownTimeout;
		this.retryAfter = retryAfter;
	}

	@Override
	DispatchResult accept(Delivery delivery) {
		Channel channel = delivery.channel();
		PendingDelivery item = new PendingDelivery(delivery);
		this.gate.readLock().lock();
		try {
			if (!this.accepting) {
				this.observer.rejected(channel, DeliveryObserver.SHUTTING_DOWN);
				throw new QueueFullException("The collector is not accepting items (stopping or not started)", true,
						this.retryAfter);
			}
			if (!this.queue.offer(item)) {
				this.observer.rejected(channel, DeliveryObserver.QUEUE_FULL);
				throw new QueueFullException(
						"The delivery queue is full (" + this.queue.remainingCapacity() + " of "
								+ capacity() + " free, unisights.delivery.queue-capacity)",
						false, this.retryAfter);
			}
			this.observer.accepted(channel);
		}
		finally {
			this.gate.readLock().unlock();
		}
		return DispatchResult.QUEUED;
	}

	int queueSize() {
		return this.queue.size();
	}

	int capacity() {
		return this.queue.size() + this.queue.remainingCapacity();
	}

	@Override
	public void start() {
		synchronized (this.workers) {
			if (this.running) {
				return;
			}
			this.abandoned = false;
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
			int queued = this.queue.size();
			if (queued > 0) {
				logger.info("Draining " + queued + " queued item(s) for up to " + this.shutdownTimeout);
			}
			if (!joinWorkers(this.shutdownTimeout)) {
				this.abandoned = true;
				this.workers.forEach(Thread::interrupt);
				joinWorkers(INTERRUPT_GRACE);
			}
			List<PendingDelivery> remaining = new ArrayList<>();
			this.queue.drainTo(remaining);
			// Items of workers still stuck in a handler; settle() keeps a late success
			// from counting them twice.
			remaining.addAll(this.inFlight);
			int deadLettered = 0;
			for (PendingDelivery item : remaining) {
				if (deadLetter(item, DeliveryObserver.SHUTTING_DOWN)) {
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
			PendingDelivery item;
			try {
				item = this.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				continue;
			}
			if (item == null) {
				if (!this.accepting) {
					return;
				}
				continue;
			}
			this.inFlight.add(item);
			try {
				process(item);
			}
			finally {
				this.inFlight.remove(item);
			}
		}
	}

	private void process(PendingDelivery item) {
		Channel channel = item.delivery().channel();
		boolean delivered;
		try {
			delivered = this.handlers.deliver(item, this.retryPolicy, () -> this.abandoned);
		}
		catch (InterruptedException ex) {
			delivered = false;
		}
		if (delivered) {
			if (item.settle()) {
				this.observer.delivered(channel);
			}
			return;
		}
		deadLetter(item, this.abandoned ? DeliveryObserver.SHUTTING_DOWN : DeliveryObserver.HANDLER_FAILED);
	}

	private boolean deadLetter(PendingDelivery item, String reason) {
		if (!item.settle()) {
			return false;
		}
		Channel channel = item.delivery().channel();
		DeadLetter letter = item.toDeadLetter(SHUTDOWN_ERROR);
		try {
			this.deadLetters.accept(letter);
			this.observer.deadLettered(channel, reason);
			if (logger.isDebugEnabled()) {
				// Ids and error only: payloads carry personal data.
				logger.debug("Dead-lettered " + channel.wireName() + " delivery " + letter.id() + " after "
						+ letter.attempts() + " attempt(s): " + letter.error());
			}
		}
		catch (RuntimeException ex) {
			this.observer.deadLetterFailed(channel);
			// The log is the last place this item can be recovered from.
			logger.error("Failed to write " + channel.wireName() + " delivery " + letter.id()
					+ " to the dead-letter sink; the item follows so that it can be recovered: "
					+ DeadLetterJson.write(letter), ex);
		}
		return true;
	}

}
